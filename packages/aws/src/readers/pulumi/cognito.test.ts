import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { COGNITO_DEFAULTS, type CognitoUserPool } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { userPools } from "./cognito.ts";
import type { PulumiResourceState } from "./index.ts";
import { PulumiState } from "./shared.ts";

const NOTES = fileURLToPath(new URL("../../../../../examples/corpus/pulumi-sst-notes-api/stack.json", import.meta.url));

/** The registered resources of a `pulumi stack export`. */
function exported(path: string): PulumiResourceState[] {
  const stack = JSON.parse(readFileSync(path, "utf8")) as { deployment: { resources: PulumiResourceState[] } };
  return stack.deployment.resources.map((r) => ({ ...r, name: r.urn.split("::").at(-1) ?? r.urn }));
}

const state = (type: string, name: string, inputs: object, outputs: object = inputs): PulumiResourceState => ({
  type,
  name,
  urn: `urn:pulumi:prod::app::${type}::${name}`,
  inputs: inputs as Record<string, unknown>,
  outputs: outputs as Record<string, unknown>,
});

describe("userPools", () => {
  it("reads the SST notes app's pool and web client: AWS's default policy, MFA off, default flows", () => {
    const [pool, ...others] = userPools(new PulumiState(exported(NOTES))) as CognitoUserPool[];
    expect(others).toEqual([]);
    expect(pool).toMatchObject({
      kind: "cognito.user-pool",
      arn: "arn:aws:cognito:us-east-1:123456789012:userpool/notes-production-UsersUserPool-kfhtocbf",
      name: "notes-production-UsersUserPool-kfhtocbf",
      passwordPolicy: COGNITO_DEFAULTS.passwordPolicy,
      mfa: "OFF",
      customAttributes: [],
      deletionProtection: false,
      clients: [
        { clientId: "Web", name: "Web", explicitAuthFlows: COGNITO_DEFAULTS.explicitAuthFlows, generateSecret: false },
      ],
    });
  });

  it("reads a weak policy, a mutable custom attribute and a client's flows and write attributes", () => {
    const poolState = state("aws:cognito/userPool:UserPool", "Staff", {
      id: "us-east-1_Staff",
      arn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/us-east-1_Staff",
      name: "staff",
      mfaConfiguration: "OPTIONAL",
      deletionProtection: "ACTIVE",
      passwordPolicy: { minimumLength: 6, requireLowercase: true },
      schemas: [
        { name: "email", attributeDataType: "String", mutable: true },
        { name: "role", attributeDataType: "String", mutable: true },
      ],
    });
    const clientState = state("aws:cognito/userPoolClient:UserPoolClient", "Admin", {
      id: "abc123",
      userPoolId: "us-east-1_Staff",
      name: "admin",
      generateSecret: true,
      explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
      writeAttributes: ["email", "custom:role"],
    });
    const [pool] = userPools(new PulumiState([poolState, clientState])) as CognitoUserPool[];
    expect(pool).toMatchObject({
      mfa: "OPTIONAL",
      deletionProtection: true,
      passwordPolicy: { minimumLength: 6, requireLowercase: true, requireUppercase: false, requireSymbols: false },
      customAttributes: [{ name: "custom:role", mutable: true }],
      clients: [
        {
          clientId: "abc123",
          name: "admin",
          generateSecret: true,
          explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"],
          writeAttributes: ["email", "custom:role"],
        },
      ],
    });
  });

  it("reads a setting the provider holds in an unexpected shape as unknown, never as a default", () => {
    const poolState = state("aws:cognito/userPool:UserPool", "Odd", {
      id: "p1",
      arn: "arn:aws:cognito-idp:us-east-1:123456789012:userpool/p1",
      mfaConfiguration: "SOMETIMES",
      passwordPolicy: { minimumLength: "long" },
    });
    const [pool] = userPools(new PulumiState([poolState])) as CognitoUserPool[];
    expect(pool?.mfa).toMatchObject({ unknown: true });
    expect(pool?.passwordPolicy.minimumLength).toMatchObject({ unknown: true });
  });
});
