import { describe, expect, it } from "vitest";
import type { EnvironmentVariable } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import { httpStage, model, restStage } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./apigw-stage-variable-secret.ts";

const variables = (vars: Record<string, EnvironmentVariable["value"]>) => ({
  variables: Object.entries(vars).map(([name, value]) => ({ name, value })),
});

// A synthetic key in GitHub's token format; not real.
const GITHUB_TOKEN = `ghp_${"a1B2c3D4e5F6g7H8i9J0".repeat(2)}`;

describe(rule.id, () => {
  it("Compliance: ordinary stage variables on REST and HTTP stages", () => {
    const results = runRule(
      rule,
      model(
        restStage("api123", "prod", variables({ lambdaAlias: "live", backendHost: "orders.internal" })),
        httpStage("http123", "$default", variables({})),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Noncompliance: a backend password on a REST stage, redacted", () => {
    const [result] = runRule(rule, model(restStage("api123", "prod", variables({ backendPassword: "pa55w0rd!" }))));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("backendPassword");
    expect(result?.evidence).toEqual([{ type: "setting", path: "variables.backendPassword", value: "[redacted]" }]);
  });

  it("Noncompliance: a token shape on an HTTP stage, and the value never appears", () => {
    const results = runRule(rule, model(httpStage("http123", "prod", variables({ upstream: GITHUB_TOKEN }))));
    expect(statusOf(results, "prod")).toEqual(["fail"]);
    expect(JSON.stringify(results)).not.toContain(GITHUB_TOKEN);
  });

  it("Real world: a variable naming a secret points at it", () => {
    const stage = restStage("api123", "prod", variables({ apiKeySecretName: "prod/backend/api-key" }));
    expect(statusOf(runRule(rule, model(stage)), "prod")).toEqual(["pass"]);
  });

  it("Undetermined: a token-named variable whose value is a parameter", () => {
    const [result] = runRule(rule, model(restStage("api123", "prod", variables({ authToken: unknown("Ref Token") }))));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("authToken");
  });
});
