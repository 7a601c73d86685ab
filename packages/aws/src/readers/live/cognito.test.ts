import {
  CognitoIdentityProviderClient,
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { GetResourcesCommand, ResourceGroupsTaggingAPIClient } from "@aws-sdk/client-resource-groups-tagging-api";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { COGNITO_DEFAULTS, type CognitoUserPool, type CognitoUserPoolClient, unknown } from "@vigil/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createClients } from "./clients.ts";
import { readAccount, readTargeted } from "./read-account.ts";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const POOL_ID = "eu-west-1_Staff1234";
const POOL_ARN = `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${POOL_ID}`;

const cognito = mockClient(CognitoIdentityProviderClient);
const sts = mockClient(STSClient);
const tagging = mockClient(ResourceGroupsTaggingAPIClient);
const credentials = { accessKeyId: "AKIATEST", secretAccessKey: "test" };
const clients = (region: string) => createClients({ region, credentials });

/** A denied call as the SDK throws it. */
const denied = () =>
  Object.assign(new Error("not authorized"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 400 } });

beforeEach(() => {
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  tagging.on(GetResourcesCommand).resolves({ ResourceTagMappingList: [] });
  // Shapes from the Cognito API reference: ListUserPools, DescribeUserPool, ListUserPoolClients, DescribeUserPoolClient.
  cognito
    .on(ListUserPoolsCommand)
    .resolves({ UserPools: [{ Id: POOL_ID, Name: "support-staff" }] })
    .on(DescribeUserPoolCommand)
    .resolves({
      UserPool: {
        Id: POOL_ID,
        Name: "support-staff",
        Arn: POOL_ARN,
        Policies: {
          PasswordPolicy: {
            MinimumLength: 6,
            RequireLowercase: true,
            RequireUppercase: false,
            RequireNumbers: false,
            RequireSymbols: false,
            TemporaryPasswordValidityDays: 7,
          },
        },
        MfaConfiguration: "OFF",
        DeletionProtection: "INACTIVE",
        SchemaAttributes: [
          { Name: "sub", AttributeDataType: "String", Mutable: false, Required: true },
          { Name: "email", AttributeDataType: "String", Mutable: true, Required: true },
          { Name: "custom:role", AttributeDataType: "String", Mutable: true, DeveloperOnlyAttribute: false },
        ],
        UserPoolTags: { owner: "support" },
      },
    })
    .on(ListUserPoolClientsCommand)
    .resolves({
      UserPoolClients: [
        { ClientId: "web1", UserPoolId: POOL_ID, ClientName: "web" },
        { ClientId: "srv1", UserPoolId: POOL_ID, ClientName: "backend" },
      ],
    })
    .on(DescribeUserPoolClientCommand, { ClientId: "web1" })
    .resolves({
      UserPoolClient: {
        ClientId: "web1",
        UserPoolId: POOL_ID,
        ClientName: "web",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      },
    })
    .on(DescribeUserPoolClientCommand, { ClientId: "srv1" })
    .resolves({
      UserPoolClient: {
        ClientId: "srv1",
        UserPoolId: POOL_ID,
        ClientName: "backend",
        ClientSecret: "s3cr3t",
        ExplicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
        WriteAttributes: ["email"],
      },
    });
});

afterEach(() => {
  cognito.reset();
  sts.reset();
  tagging.reset();
});

const sweepPools = async () => {
  const result = await readAccount({ region: REGION, clients, kinds: ["cognito.user-pool"] });
  return { ...result, pools: result.resources.filter((r): r is CognitoUserPool => r.kind === "cognito.user-pool") };
};

describe("live reader: Cognito user pools", () => {
  it("reads a pool's policy, MFA, custom attributes, tags and clients", async () => {
    const { pools, errors } = await sweepPools();
    expect(errors).toEqual([]);
    expect(pools).toEqual([
      {
        kind: "cognito.user-pool",
        id: POOL_ARN,
        arn: POOL_ARN,
        name: "support-staff",
        origin: { type: "live", account: ACCOUNT, region: REGION },
        tags: { owner: "support" },
        passwordPolicy: {
          minimumLength: 6,
          requireLowercase: true,
          requireUppercase: false,
          requireNumbers: false,
          requireSymbols: false,
          temporaryPasswordValidityDays: 7,
        },
        mfa: "OFF",
        customAttributes: [{ name: "custom:role", mutable: true }],
        deletionProtection: false,
        clients: [
          {
            clientId: "web1",
            name: "web",
            explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
            generateSecret: false,
          },
          {
            clientId: "srv1",
            name: "backend",
            explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH"],
            generateSecret: true,
            writeAttributes: ["email"],
          },
        ],
      },
    ]);
  });

  it("gives a client that names no flows Cognito's defaults", async () => {
    cognito
      .on(DescribeUserPoolClientCommand, { ClientId: "web1" })
      .resolves({ UserPoolClient: { ClientId: "web1", UserPoolId: POOL_ID, ClientName: "web" } });
    const { pools } = await sweepPools();
    const clients = pools[0]?.clients as readonly CognitoUserPoolClient[];
    expect(clients[0]?.explicitAuthFlows).toEqual(COGNITO_DEFAULTS.explicitAuthFlows);
  });

  it("reads a denied DescribeUserPool as unknown settings, never as defaults", async () => {
    cognito.on(DescribeUserPoolCommand).rejects(denied());
    const { pools, errors } = await sweepPools();
    const why = unknown("cognito-idp:DescribeUserPool denied");
    expect(pools[0]).toMatchObject({ mfa: why, customAttributes: why, passwordPolicy: { minimumLength: why } });
    expect(errors.map((e) => e.action)).toEqual(["cognito-idp:DescribeUserPool"]);
  });

  it("reads denied client calls as unknown clients, or unknown client settings", async () => {
    cognito.on(DescribeUserPoolClientCommand, { ClientId: "srv1" }).rejects(denied());
    let { pools } = await sweepPools();
    const clients = pools[0]?.clients as unknown[];
    expect(clients[1]).toMatchObject({ clientId: "srv1", explicitAuthFlows: { unknown: true } });
    cognito.on(ListUserPoolClientsCommand).rejects(denied());
    ({ pools } = await sweepPools());
    expect(pools[0]?.clients).toMatchObject({ unknown: true });
  });

  it("marks the kind incomplete when the pools cannot be listed", async () => {
    cognito.on(ListUserPoolsCommand).rejects(denied());
    const { pools, coverage } = await sweepPools();
    expect(pools).toEqual([]);
    expect(coverage.scope === "account" && coverage.incompleteKinds.has("cognito.user-pool")).toBe(true);
  });

  it("reads one pool by ARN, and none once it is deleted", async () => {
    const one = await readTargeted({ kind: "cognito.user-pool", arn: POOL_ARN }, { region: REGION, clients });
    expect(one.subject?.arn).toBe(POOL_ARN);
    cognito
      .on(DescribeUserPoolCommand)
      .rejects(
        Object.assign(new Error("gone"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }),
      );
    cognito
      .on(ListUserPoolClientsCommand)
      .rejects(
        Object.assign(new Error("gone"), { name: "ResourceNotFoundException", $metadata: { httpStatusCode: 400 } }),
      );
    const gone = await readTargeted({ kind: "cognito.user-pool", arn: POOL_ARN }, { region: REGION, clients });
    expect(gone.subject).toBeUndefined();
    expect(gone.errors).toEqual([]);
  });
});
