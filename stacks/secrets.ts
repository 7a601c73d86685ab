import {
  SLACK_SECRET_NAMES,
  type SlackSecretName,
  secretArnVariable,
} from "../packages/functions/src/shared/slack-secrets.ts";
import { isProduction } from "./config.ts";

/**
 * Slack's credentials in Secrets Manager, under a key of Vigil's own, read by the functions at run time.
 *
 * Not `sst.Secret`: SST encrypts linked secrets into the code zip and hands the function the key as a plain
 * environment variable, so anyone allowed `lambda:GetFunction` (AWS's ReadOnlyAccess, Vigil's own read-only
 * policy) could read them. Here a secret's value is returned only to the roles of the functions that use it: each
 * secret's policy denies `GetSecretValue` to every other principal, administrators included, and the key decrypts
 * only through Secrets Manager for these secrets. Values are stored by an operator (docs/deploy.md#slack-secrets).
 */
const region = aws.getRegionOutput().name;
const account = aws.getCallerIdentityOutput().accountId;

const key = new aws.kms.Key("SlackSecretsKey", {
  description: `Vigil (${$app.stage}): encrypts the Slack secrets`,
  enableKeyRotation: true,
  deletionWindowInDays: 30,
});

const secrets = Object.fromEntries(
  SLACK_SECRET_NAMES.map((name) => [
    name,
    new aws.secretsmanager.Secret(name, {
      name: `${$app.name}/${$app.stage}/${name}`,
      description: `Vigil (${$app.stage}): ${name}; set with aws secretsmanager put-secret-value (docs/deploy.md)`,
      kmsKeyId: key.arn,
      // Outside production a removed stage frees its names at once.
      recoveryWindowInDays: isProduction ? 30 : 0,
    }),
  ]),
) as Record<SlackSecretName, aws.secretsmanager.Secret>;

/** The names of the Slack secrets, as an operator addresses them (`aws secretsmanager put-secret-value --secret-id`). */
export const slackSecretIds = Object.fromEntries(SLACK_SECRET_NAMES.map((name) => [name, secrets[name].name]));

/** Each secret's readers: the roles of the functions given it, filled as they are declared. */
const readers = new Map<SlackSecretName, $util.Output<string>[]>(SLACK_SECRET_NAMES.map((name) => [name, []]));

/**
 * What a function needs to read `names` at run time: the secrets' ARNs as environment variables and a grant to
 * fetch and decrypt exactly those. Call {@link registerSecretReader} with the function once it exists.
 */
export function secretAccess(names: readonly SlackSecretName[]) {
  return {
    environment: Object.fromEntries(names.map((name) => [secretArnVariable(name), secrets[name].arn])),
    permissions: [
      { actions: ["secretsmanager:GetSecretValue"], resources: names.map((name) => secrets[name].arn) },
      {
        actions: ["kms:Decrypt"],
        resources: [key.arn],
        conditions: [
          {
            test: "StringEquals",
            variable: "kms:ViaService",
            values: [$interpolate`secretsmanager.${region}.amazonaws.com`],
          },
        ],
      },
    ],
  };
}

/** Records `fn`'s role as a reader of `names`: only registered roles are let through the secrets' policies. */
export function registerSecretReader(fn: sst.aws.Function, names: readonly SlackSecretName[]): void {
  for (const name of names) readers.get(name)?.push(fn.nodes.role.arn);
}

/** Writes the secrets' and the key's policies from the registered readers; the last step of `run()`. */
export function sealSecrets(): void {
  for (const name of SLACK_SECRET_NAMES) {
    new aws.secretsmanager.SecretPolicy(`${name}Policy`, {
      secretArn: secrets[name].arn,
      blockPublicPolicy: true,
      policy: $resolve(readers.get(name) ?? []).apply((roles) => JSON.stringify(readOnlyBy(name, roles))),
    });
  }
  new aws.kms.KeyPolicy("SlackSecretsKeyPolicy", {
    keyId: key.id,
    policy: $resolve([account, region, ...SLACK_SECRET_NAMES.map((name) => secrets[name].arn)]).apply(
      ([accountId, regionName, ...secretArns]) =>
        JSON.stringify(keyPolicy(String(accountId), String(regionName), secretArns.map(String))),
    ),
  });
}

/** Denies reading the value to every principal but `roles` (none: nobody reads it, e.g. with remediation off). */
function readOnlyBy(name: SlackSecretName, roles: readonly string[]) {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: `Only${name}Readers`,
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
        ...(roles.length > 0 && { Condition: { StringNotEquals: { "aws:PrincipalArn": [...roles] } } }),
      },
    ],
  };
}

/**
 * The account administers the key but uses it only through Secrets Manager, for Vigil's Slack secrets: storing a
 * value needs GenerateDataKey and Decrypt; reading one is then decided by the secret's policy.
 */
function keyPolicy(accountId: string, regionName: string, secretArns: readonly string[]) {
  const root = { AWS: `arn:aws:iam::${accountId}:root` };
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "KeyAdministration",
        Effect: "Allow",
        Principal: root,
        Action: [
          "kms:Create*",
          "kms:Describe*",
          "kms:Enable*",
          "kms:List*",
          "kms:Put*",
          "kms:Update*",
          "kms:Revoke*",
          "kms:Disable*",
          "kms:Get*",
          "kms:Delete*",
          "kms:TagResource",
          "kms:UntagResource",
          "kms:ScheduleKeyDeletion",
          "kms:CancelKeyDeletion",
          "kms:RotateKeyOnDemand",
        ],
        Resource: "*",
      },
      {
        Sid: "UseThroughSecretsManagerForVigilSecretsOnly",
        Effect: "Allow",
        Principal: root,
        Action: ["kms:Decrypt", "kms:GenerateDataKey"],
        Resource: "*",
        Condition: {
          StringEquals: {
            "kms:ViaService": `secretsmanager.${regionName}.amazonaws.com`,
            "kms:CallerAccount": accountId,
          },
          // Secrets Manager encrypts each value in the context of its secret's ARN.
          StringLike: { "kms:EncryptionContext:SecretARN": [...secretArns] },
        },
      },
    ],
  };
}
