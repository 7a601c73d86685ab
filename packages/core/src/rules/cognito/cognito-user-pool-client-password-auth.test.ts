import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, userPool, userPoolClient } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./cognito-user-pool-client-password-auth.ts";

describe(rule.id, () => {
  it("Compliance: SRP and refresh tokens only", () => {
    const [result] = runRule(rule, model(userPool()));
    expect(result?.status).toBe("pass");
  });

  it("Compliance: Cognito's default flows (no ExplicitAuthFlows) send no password", () => {
    const client = userPoolClient({
      explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"],
    });
    const [result] = runRule(rule, model(userPool(undefined, { clients: [client] })));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a client allows USER_PASSWORD_AUTH, another the legacy ADMIN_NO_SRP_AUTH", () => {
    const clients = [
      userPoolClient({ name: "web", explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }),
      userPoolClient({ name: "backend", explicitAuthFlows: ["ADMIN_NO_SRP_AUTH"] }),
    ];
    const [result] = runRule(rule, model(userPool(undefined, { clients })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("web allows ALLOW_USER_PASSWORD_AUTH; backend allows ADMIN_NO_SRP_AUTH");
  });

  it("Undetermined: a client's flows could not be read", () => {
    const client = userPoolClient({ explicitAuthFlows: unknown("cognito-idp:DescribeUserPoolClient denied") });
    const [result] = runRule(rule, model(userPool(undefined, { clients: [client] })));
    expect(result?.status).toBe("undetermined");
  });

  it("Undetermined: the clients could not be listed", () => {
    const [result] = runRule(
      rule,
      model(userPool(undefined, { clients: unknown("cognito-idp:ListUserPoolClients denied") })),
    );
    expect(result?.status).toBe("undetermined");
  });
});
