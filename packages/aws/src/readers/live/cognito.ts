import {
  DescribeUserPoolClientCommand,
  DescribeUserPoolCommand,
  ListUserPoolClientsCommand,
  ListUserPoolsCommand,
  type SchemaAttributeType,
  type UserPoolClientDescription,
  type UserPoolType,
} from "@aws-sdk/client-cognito-identity-provider";
import {
  COGNITO_DEFAULTS,
  type CognitoAttribute,
  type CognitoPasswordPolicy,
  type CognitoUserPool,
  type CognitoUserPoolClient,
  type Resource,
  unknown,
  unknownPasswordPolicy,
  type Value,
} from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages } from "./shared.ts";

const NOT_FOUND = ["ResourceNotFoundException"];
/** The most pools and clients a list page holds. */
const PAGE = 60;

const poolArn = (session: ReadSession, id: string) =>
  `arn:${session.scope.partition}:cognito-idp:${session.scope.region}:${session.scope.account}:userpool/${id}`;

/** DescribeUserPool always answers the policy in force; a missing field takes Cognito's default. */
function passwordPolicy(pool: UserPoolType): CognitoPasswordPolicy {
  const given = pool.Policies?.PasswordPolicy;
  if (!given) return COGNITO_DEFAULTS.passwordPolicy;
  const defaults = COGNITO_DEFAULTS.passwordPolicy;
  return {
    minimumLength: given.MinimumLength ?? defaults.minimumLength,
    requireUppercase: given.RequireUppercase ?? false,
    requireLowercase: given.RequireLowercase ?? false,
    requireNumbers: given.RequireNumbers ?? false,
    requireSymbols: given.RequireSymbols ?? false,
    temporaryPasswordValidityDays: given.TemporaryPasswordValidityDays ?? defaults.temporaryPasswordValidityDays,
  };
}

/** The API names custom attributes `custom:x` (developer-only `dev:custom:x`); standard ones have no prefix. */
function customAttributes(schema: readonly SchemaAttributeType[] | undefined): CognitoAttribute[] {
  return (schema ?? [])
    .filter((a) => a.Name?.startsWith("custom:") || a.Name?.startsWith("dev:"))
    .map((a) => ({ name: a.Name ?? "", mutable: a.Mutable ?? true }));
}

async function readClient(session: ReadSession, listed: UserPoolClientDescription): Promise<CognitoUserPoolClient> {
  const base = {
    clientId: listed.ClientId ?? unknown("no ClientId"),
    name: listed.ClientName ?? unknown("no ClientName"),
  };
  const got = await session.call(
    "cognito",
    new DescribeUserPoolClientCommand({ UserPoolId: listed.UserPoolId, ClientId: listed.ClientId }),
    { resource: listed.ClientId ?? "", absentWhen: NOT_FOUND },
  );
  if (got.status === "failed") {
    const why = unknown(got.reason);
    return { ...base, explicitAuthFlows: why, generateSecret: why, writeAttributes: why };
  }
  // Deleted since the list: it signs nobody in.
  if (got.status === "absent") return { ...base, explicitAuthFlows: [], generateSecret: false, writeAttributes: [] };
  const c = got.output.UserPoolClient ?? {};
  return {
    ...base,
    explicitAuthFlows: c.ExplicitAuthFlows?.length ? c.ExplicitAuthFlows : COGNITO_DEFAULTS.explicitAuthFlows,
    generateSecret: c.ClientSecret !== undefined,
    ...(c.WriteAttributes && { writeAttributes: c.WriteAttributes }),
  };
}

async function readClients(session: ReadSession, poolId: string): Promise<Value<CognitoUserPoolClient[]>> {
  const listed = await readPages(
    session,
    "cognito",
    (NextToken) => new ListUserPoolClientsCommand({ UserPoolId: poolId, MaxResults: PAGE, NextToken }),
    (o) => ({ items: o.UserPoolClients, next: o.NextToken }),
    { resource: poolId, absentWhen: NOT_FOUND },
  );
  if (listed.failed) return unknown(listed.failed);
  return Promise.all(listed.items.map((c) => readClient(session, { ...c, UserPoolId: poolId })));
}

/** One pool with its clients; undefined when it no longer exists. */
async function readPool(session: ReadSession, id: string): Promise<CognitoUserPool | undefined> {
  const arn = poolArn(session, id);
  const [got, clients] = await Promise.all([
    session.call("cognito", new DescribeUserPoolCommand({ UserPoolId: id }), { resource: arn, absentWhen: NOT_FOUND }),
    readClients(session, id),
  ]);
  if (got.status === "absent") return undefined;
  const base = { kind: "cognito.user-pool" as const, id: arn, arn, origin: liveOrigin(session.scope), clients };
  if (got.status === "failed") {
    const why = unknown(got.reason);
    return {
      ...base,
      name: why,
      tags: why,
      passwordPolicy: unknownPasswordPolicy(why),
      mfa: why,
      customAttributes: why,
      deletionProtection: why,
    };
  }
  const pool = got.output.UserPool ?? {};
  return {
    ...base,
    name: pool.Name ?? unknown("no Name"),
    tags: pool.UserPoolTags ?? {},
    passwordPolicy: passwordPolicy(pool),
    mfa: pool.MfaConfiguration ?? COGNITO_DEFAULTS.mfa,
    customAttributes: customAttributes(pool.SchemaAttributes),
    deletionProtection: pool.DeletionProtection === "ACTIVE",
  };
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("cognito.user-pool", "cognito");
  const listed = await readPages(
    session,
    "cognito",
    (NextToken) => new ListUserPoolsCommand({ MaxResults: PAGE, NextToken }),
    (o) => ({ items: o.UserPools, next: o.NextToken }),
  );
  if (listed.failed) session.incomplete("cognito.user-pool", listed.failed);
  progress.total(listed.items.length);
  const read = await Promise.all(
    listed.items.map(async (p) => {
      const pool = p.Id ? await readPool(session, p.Id) : undefined;
      progress.tick();
      return pool;
    }),
  );
  const found = read.filter((p) => p !== undefined);
  progress.finish(found.length);
  return found;
}

/** A pool by ARN (`…:userpool/<id>`); [] when it does not exist. */
async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  const id = arn.slice(arn.indexOf(":userpool/") + ":userpool/".length);
  const pool = await readPool(session, id);
  return pool ? [pool] : [];
}

export const cognitoReader: LiveReader = {
  service: "cognito",
  kinds: ["cognito.user-pool"],
  permissions: [
    "cognito-idp:ListUserPools",
    "cognito-idp:DescribeUserPool",
    "cognito-idp:ListUserPoolClients",
    "cognito-idp:DescribeUserPoolClient",
  ],
  sweep,
  readOne,
};
