import {
  type DescribeUserPoolClientCommandInput,
  type DescribeUserPoolClientCommandOutput,
  type DescribeUserPoolCommandInput,
  type DescribeUserPoolCommandOutput,
  type ExplicitAuthFlowsType,
  type ListUserPoolClientsCommandInput,
  type ListUserPoolClientsCommandOutput,
  type ListUserPoolsCommandInput,
  type ListUserPoolsCommandOutput,
  ResourceNotFoundException,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  CREATED,
  failure,
  type KnownOfKind,
  page,
  pageSize,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableId,
  tagMap,
} from "./served.ts";

type KnownPool = KnownOfKind<"cognito.user-pool">;

const poolId = (pool: KnownPool) => pool.arn.slice(pool.arn.indexOf(":userpool/") + ":userpool/".length);

function poolWithId(account: ServedAccount, id: string | undefined): KnownPool {
  const pool = account.regional("cognito.user-pool").find((p) => poolId(p) === id);
  if (!pool) throw new ResourceNotFoundException(failure(400, `User pool ${id} does not exist.`));
  return pool;
}

/** The model names standard attributes not at all: the API lists `sub` and `email` besides the custom ones. */
const STANDARD = [
  { Name: "sub", AttributeDataType: "String" as const, Mutable: false, Required: true },
  { Name: "email", AttributeDataType: "String" as const, Mutable: true, Required: false },
];

export const cognitoAnswers: ServiceAnswers = {
  ListUserPools: (input: ListUserPoolsCommandInput, account): Reply<ListUserPoolsCommandOutput> => {
    const listed = page(account.regional("cognito.user-pool"), input.NextToken, pageSize(input.MaxResults, 60, 60));
    return {
      UserPools: listed.items.map((p) => ({ Id: poolId(p), Name: p.name, CreationDate: CREATED })),
      ...(listed.next && { NextToken: listed.next }),
    };
  },
  DescribeUserPool: (input: DescribeUserPoolCommandInput, account): Reply<DescribeUserPoolCommandOutput> => {
    const pool = poolWithId(account, input.UserPoolId);
    const policy = pool.passwordPolicy;
    return {
      UserPool: {
        Id: poolId(pool),
        Name: pool.name,
        Arn: pool.arn,
        CreationDate: CREATED,
        Policies: {
          PasswordPolicy: {
            MinimumLength: policy.minimumLength,
            RequireUppercase: policy.requireUppercase,
            RequireLowercase: policy.requireLowercase,
            RequireNumbers: policy.requireNumbers,
            RequireSymbols: policy.requireSymbols,
            TemporaryPasswordValidityDays: policy.temporaryPasswordValidityDays,
          },
        },
        MfaConfiguration: pool.mfa,
        DeletionProtection: pool.deletionProtection ? "ACTIVE" : "INACTIVE",
        SchemaAttributes: [
          ...STANDARD,
          ...pool.customAttributes.map((a) => ({
            Name: a.name,
            AttributeDataType: "String" as const,
            Mutable: a.mutable,
            DeveloperOnlyAttribute: a.name.startsWith("dev:"),
          })),
        ],
        ...(tagMap(pool.tags) && { UserPoolTags: tagMap(pool.tags) }),
      },
    };
  },
  ListUserPoolClients: (input: ListUserPoolClientsCommandInput, account): Reply<ListUserPoolClientsCommandOutput> => {
    const pool = poolWithId(account, input.UserPoolId);
    const listed = page(pool.clients, input.NextToken, pageSize(input.MaxResults, 60, 60));
    return {
      UserPoolClients: listed.items.map((c) => ({
        ClientId: c.clientId,
        UserPoolId: poolId(pool),
        ClientName: c.name,
      })),
      ...(listed.next && { NextToken: listed.next }),
    };
  },
  DescribeUserPoolClient: (
    input: DescribeUserPoolClientCommandInput,
    account,
  ): Reply<DescribeUserPoolClientCommandOutput> => {
    const pool = poolWithId(account, input.UserPoolId);
    const client = pool.clients.find((c) => c.clientId === input.ClientId);
    if (!client)
      throw new ResourceNotFoundException(failure(400, `User pool client ${input.ClientId} does not exist.`));
    return {
      UserPoolClient: {
        UserPoolId: poolId(pool),
        ClientId: client.clientId,
        ClientName: client.name,
        ExplicitAuthFlows: client.explicitAuthFlows as ExplicitAuthFlowsType[],
        ...(client.generateSecret && { ClientSecret: stableId([pool.arn, client.clientId], 51) }),
        ...(client.writeAttributes && { WriteAttributes: [...client.writeAttributes] }),
      },
    };
  },
};
