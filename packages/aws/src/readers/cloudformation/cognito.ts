/** User pools with their app clients, which merge into the pool they name. */
import {
  COGNITO_DEFAULTS,
  type CognitoAttribute,
  type CognitoPasswordPolicy,
  type CognitoUserPool,
  type CognitoUserPoolClient,
  isUnknown,
  unknownPasswordPolicy,
  type Value,
} from "@vigil/core";
import type { Mutable, Props, TemplateMapper } from "./map.ts";
import { bool, inner, isRecord, list, num, oneOf, record, str, strings, tags, withDefault } from "./values.ts";

/** Cognito's standard attributes: every other schema entry is a custom attribute (`custom:<name>` at run time). */
export const STANDARD_ATTRIBUTES = new Set([
  "address",
  "birthdate",
  "email",
  "email_verified",
  "family_name",
  "gender",
  "given_name",
  "locale",
  "middle_name",
  "name",
  "nickname",
  "phone_number",
  "phone_number_verified",
  "picture",
  "preferred_username",
  "profile",
  "sub",
  "updated_at",
  "website",
  "zoneinfo",
  "identities",
]);

/**
 * A schema entry as its run-time name, or undefined for a standard attribute. Custom attributes are mutable unless
 * the entry says otherwise (Cognito's default; CDK always writes the flag); developer-only ones are `dev:custom:`.
 */
export function customAttribute(
  name: unknown,
  mutable: unknown,
  developerOnly: unknown,
  where: string,
): CognitoAttribute | undefined {
  if (typeof name !== "string" || STANDARD_ATTRIBUTES.has(name)) return undefined;
  const bare = name.replace(/^(dev:)?custom:/, "");
  const prefix = developerOnly === true || developerOnly === "true" ? "dev:custom:" : "custom:";
  return { name: `${prefix}${bare}`, mutable: withDefault(mutable, true, bool, `${where}.Mutable`) };
}

/** A password policy block (CloudFormation's and Pulumi's differ only in case); absent, AWS's default policy. */
export function passwordPolicy(block: unknown, key: (pascal: string) => string, where: string): CognitoPasswordPolicy {
  if (isUnknown(block)) return unknownPasswordPolicy(block);
  if (!isRecord(block)) return COGNITO_DEFAULTS.passwordPolicy;
  // A policy that is set leaves the classes it does not name off, as the API does.
  const flag = (name: string) => withDefault(block[key(name)], false, bool, `${where}.${name}`);
  return {
    minimumLength: withDefault(block[key("MinimumLength")], 8, num, `${where}.MinimumLength`),
    requireUppercase: flag("RequireUppercase"),
    requireLowercase: flag("RequireLowercase"),
    requireNumbers: flag("RequireNumbers"),
    requireSymbols: flag("RequireSymbols"),
    temporaryPasswordValidityDays: withDefault(
      block[key("TemporaryPasswordValidityDays")],
      COGNITO_DEFAULTS.passwordPolicy.temporaryPasswordValidityDays,
      num,
      `${where}.TemporaryPasswordValidityDays`,
    ),
  };
}

export function mfaConfiguration(value: unknown, where: string): CognitoUserPool["mfa"] {
  return withDefault(value, COGNITO_DEFAULTS.mfa, (v) => oneOf(v, ["OFF", "ON", "OPTIONAL"], where), where);
}

/** A list of flow or attribute names; unknown as a whole when any element is. */
export function names(value: unknown, where: string): Value<readonly string[]> {
  const read = strings(value, where);
  const missing = read.find(isUnknown);
  return missing ?? (read as string[]);
}

export function userPool(m: TemplateMapper, logicalId: string, p: Props): CognitoUserPool {
  const schema = list(p.Schema);
  return {
    ...m.base("cognito.user-pool", logicalId),
    name: withDefault(p.UserPoolName, `\${${logicalId}}`, str, "UserPoolName"),
    tags: tags(p.UserPoolTags),
    passwordPolicy: passwordPolicy(inner(p.Policies, "PasswordPolicy"), (k) => k, "Policies.PasswordPolicy"),
    mfa: mfaConfiguration(p.MfaConfiguration, "MfaConfiguration"),
    customAttributes: isUnknown(schema)
      ? schema
      : schema.flatMap((entry, i) => {
          const e = record(entry);
          const attribute = customAttribute(e.Name, e.Mutable, e.DeveloperOnlyAttribute, `Schema[${i}]`);
          return attribute ? [attribute] : [];
        }),
    deletionProtection: withDefault(
      p.DeletionProtection,
      false,
      (v, where) => (isUnknown(v) ? v : str(v, where) === "ACTIVE"),
      "DeletionProtection",
    ),
    clients: [],
  };
}

/** Merges an `AWS::Cognito::UserPoolClient` into the template's pool it names; a pool from elsewhere is not read. */
export function userPoolClient(m: TemplateMapper, logicalId: string) {
  const p = m.props(logicalId);
  const pool = m.builtResource<CognitoUserPool>(
    m.target(m.raw(logicalId).UserPoolId, p.UserPoolId, ["AWS::Cognito::UserPool"]),
  );
  if (!pool || isUnknown(pool.clients)) return;
  const client: CognitoUserPoolClient = {
    clientId: `\${${logicalId}}`,
    name: withDefault(p.ClientName, logicalId, str, "ClientName"),
    explicitAuthFlows: withDefault(p.ExplicitAuthFlows, COGNITO_DEFAULTS.explicitAuthFlows, names, "ExplicitAuthFlows"),
    generateSecret: withDefault(p.GenerateSecret, false, bool, "GenerateSecret"),
    ...(p.WriteAttributes !== undefined && { writeAttributes: names(p.WriteAttributes, "WriteAttributes") }),
  };
  (pool as Mutable<CognitoUserPool>).clients = [...pool.clients, client];
}
