/**
 * The Cognito reader over real HTTP against moto's cognito-idp: a staff pool seeded through the SDK is read back
 * and judged by the Cognito rules, as the sam-api-admin-role corpus app plants it.
 */
import * as cognito from "@aws-sdk/client-cognito-identity-provider";
import { type CognitoUserPool, evaluate, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createClients } from "./clients.ts";
import { readAccount, readTargeted } from "./read-account.ts";
import { MotoServer, motoAvailable } from "./testing/moto.ts";

const REGION = "us-east-1";
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
const available = motoAvailable();
if (!available) {
  if (process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");
  console.warn("moto is not installed (python3 -c 'import moto' failed): skipping the Cognito integration test");
}

async function seed(endpoint: string) {
  const { cognito: client } = createClients({ region: REGION, endpoint, credentials });
  const created = await client.send(
    new cognito.CreateUserPoolCommand({
      PoolName: "support-staff",
      MfaConfiguration: "OFF",
      Policies: {
        PasswordPolicy: {
          MinimumLength: 6,
          RequireLowercase: true,
          RequireUppercase: false,
          RequireNumbers: false,
          RequireSymbols: false,
        },
      },
      Schema: [{ Name: "role", AttributeDataType: "String", Mutable: true }],
    }),
  );
  const poolId = created.UserPool?.Id ?? "";
  await client.send(
    new cognito.CreateUserPoolClientCommand({
      UserPoolId: poolId,
      ClientName: "admin-console",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
  return { poolId, arn: created.UserPool?.Arn ?? "" };
}

describe.runIf(available)("Cognito reader against moto over HTTP", () => {
  let moto: MotoServer;
  beforeAll(async () => {
    moto = await MotoServer.start();
  });
  afterAll(() => moto?.stop());

  it("reads the seeded pool and its client back, and the Cognito rules fail it", async () => {
    const { arn } = await seed(moto.endpoint);
    const result = await readAccount({
      region: REGION,
      endpoint: moto.endpoint,
      credentials,
      kinds: ["cognito.user-pool"],
    });
    expect(result.errors).toEqual([]);
    const pool = result.resources.find((r): r is CognitoUserPool => r.kind === "cognito.user-pool");
    expect(pool).toMatchObject({
      arn,
      name: "support-staff",
      mfa: "OFF",
      passwordPolicy: { minimumLength: 6, requireLowercase: true, requireUppercase: false },
      customAttributes: [{ name: "custom:role", mutable: true }],
      clients: [{ name: "admin-console", explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"] }],
    });

    const report = evaluate(new ResourceModel(result.resources), resolveConfig({ ruleset: "strict" }, RULES));
    const failed = report.results.filter((r) => r.status === "fail" && r.resourceId === arn).map((r) => r.ruleId);
    expect(failed.sort()).toEqual([
      "cognito-user-pool-client-password-auth",
      "cognito-user-pool-mfa-off",
      "cognito-user-pool-password-weak",
      "cognito-user-pool-privileged-attribute-mutable",
    ]);

    const one = await readTargeted(
      { kind: "cognito.user-pool", arn },
      { region: REGION, endpoint: moto.endpoint, credentials },
    );
    expect(one.subject).toMatchObject({ arn, mfa: "OFF" });
  });
});
