// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { COGNITO_DEFAULTS, type CognitoUserPool, type Resource } from "@vigil/core";
import { afterAll, describe, expect, it } from "vitest";
import { readTemplates } from "./index.ts";
import { FIXTURES } from "./testing.ts";

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))));

async function read(resources: Record<string, unknown>, parameters: Record<string, unknown> = {}) {
  const dir = await mkdtemp(join(tmpdir(), "vigil-cognito-"));
  dirs.push(dir);
  const path = join(dir, "template.json");
  await writeFile(path, JSON.stringify({ Parameters: parameters, Resources: resources }));
  const result = await readTemplates([path]);
  expect(result.errors).toEqual([]);
  return result.resources;
}

const pools = (resources: readonly Resource[]) =>
  resources.filter((r): r is CognitoUserPool => r.kind === "cognito.user-pool");

describe("readTemplates: Cognito user pools", () => {
  it("applies AWS's defaults to a pool that sets nothing: 8 characters with every class, MFA off", async () => {
    const [pool] = pools(await read({ Pool: { Type: "AWS::Cognito::UserPool" } }));
    expect(pool).toMatchObject({
      arn: "arn:${AWS::Partition}:cognito-idp:${AWS::Region}:${AWS::AccountId}:userpool/${Pool}",
      name: "${Pool}",
      passwordPolicy: COGNITO_DEFAULTS.passwordPolicy,
      mfa: "OFF",
      customAttributes: [],
      deletionProtection: false,
      clients: [],
      tags: {},
    });
  });

  it("reads a policy that sets some classes as leaving the others off", async () => {
    const [pool] = pools(
      await read({
        Pool: {
          Type: "AWS::Cognito::UserPool",
          Properties: {
            MfaConfiguration: "OFF",
            Policies: { PasswordPolicy: { MinimumLength: 6, RequireLowercase: true } },
          },
        },
      }),
    );
    expect(pool?.passwordPolicy).toEqual({
      minimumLength: 6,
      requireLowercase: true,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
      temporaryPasswordValidityDays: 7,
    });
  });

  it("reads custom attributes by their run-time names, mutable unless said otherwise, standard ones left out", async () => {
    const [pool] = pools(
      await read({
        Pool: {
          Type: "AWS::Cognito::UserPool",
          Properties: {
            Schema: [
              { Name: "email", Mutable: true, Required: true },
              { Name: "role", AttributeDataType: "String" },
              { Name: "tenant", Mutable: false },
              { Name: "level", DeveloperOnlyAttribute: true },
            ],
          },
        },
      }),
    );
    expect(pool?.customAttributes).toEqual([
      { name: "custom:role", mutable: true },
      { name: "custom:tenant", mutable: false },
      { name: "dev:custom:level", mutable: true },
    ]);
  });

  it("merges clients into the pool they name, with Cognito's default flows when they name none", async () => {
    const [pool] = pools(
      await read({
        Pool: { Type: "AWS::Cognito::UserPool" },
        Web: { Type: "AWS::Cognito::UserPoolClient", Properties: { UserPoolId: { Ref: "Pool" }, ClientName: "web" } },
        Server: {
          Type: "AWS::Cognito::UserPoolClient",
          Properties: {
            UserPoolId: { Ref: "Pool" },
            GenerateSecret: true,
            ExplicitAuthFlows: ["ADMIN_NO_SRP_AUTH"],
            WriteAttributes: ["email"],
          },
        },
      }),
    );
    expect(pool?.clients).toEqual([
      {
        clientId: "${Web}",
        name: "web",
        explicitAuthFlows: COGNITO_DEFAULTS.explicitAuthFlows,
        generateSecret: false,
      },
      {
        clientId: "${Server}",
        name: "Server",
        explicitAuthFlows: ["ADMIN_NO_SRP_AUTH"],
        generateSecret: true,
        writeAttributes: ["email"],
      },
    ]);
  });

  it("reads settings that are parameters without a value as unknown", async () => {
    const [pool] = pools(
      await read(
        {
          Pool: {
            Type: "AWS::Cognito::UserPool",
            Properties: { MfaConfiguration: { Ref: "Mfa" }, Policies: { PasswordPolicy: { Ref: "Policy" } } },
          },
        },
        { Mfa: { Type: "String" }, Policy: { Type: "String" } },
      ),
    );
    expect(pool?.mfa).toMatchObject({ unknown: true });
    expect(pool?.passwordPolicy.minimumLength).toMatchObject({ unknown: true });
    expect(pool?.passwordPolicy.requireSymbols).toMatchObject({ unknown: true });
  });

  it("reads the settings fixture's staff pool, whose ARN a SAM-style !GetAtt resolves to", async () => {
    const { resources } = await readTemplates([join(FIXTURES, "settings", "template.yaml")]);
    const [pool] = pools(resources);
    expect(pool).toMatchObject({
      name: "staff",
      mfa: "ON",
      deletionProtection: true,
      tags: { owner: "support" },
      customAttributes: [{ name: "custom:role", mutable: true }],
    });
    expect(pool?.clients).toHaveLength(2);
  });
});
