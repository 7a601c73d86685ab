import { ParameterNotFoundError } from "@aws-lambda-powertools/parameters/errors";
import { SecretsProvider } from "@aws-lambda-powertools/parameters/secrets";
import type { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";

/** The Slack credentials Vigil keeps in Secrets Manager (stacks/secrets.ts creates one secret each). */
export const SLACK_SECRET_NAMES = ["SlackWebhookUrl", "SlackBotToken", "SlackSigningSecret"] as const;
export type SlackSecretName = (typeof SLACK_SECRET_NAMES)[number];

/**
 * The environment variable through which a function learns the ARN of a secret it may read. The ARN names the
 * secret; only the function's role may decrypt its value (the key's and the secret's policies, stacks/secrets.ts).
 */
export function secretArnVariable(name: SlackSecretName): string {
  return `VIGIL_SECRET_ARN_${name.replace(/[A-Z]/g, (letter, at: number) => (at === 0 ? letter : `_${letter}`)).toUpperCase()}`;
}

/** How long a read value is reused: a rotated secret reaches running instances within this time. */
const SECRET_MAX_AGE_SECONDS = 300;

/** Reads the Slack secrets a function was given, at run time, cached for {@link SECRET_MAX_AGE_SECONDS}. */
export interface SlackSecrets {
  /** The secret's value; undefined when the function was not given it or no value has been stored in it yet. */
  get(name: SlackSecretName): Promise<string | undefined>;
}

export function secretsManagerSlackSecrets(
  client: SecretsManagerClient,
  environment: NodeJS.ProcessEnv = process.env,
): SlackSecrets {
  const provider = new SecretsProvider({ awsSdkV3Client: client });
  return {
    async get(name) {
      const arn = environment[secretArnVariable(name)];
      if (!arn) return undefined;
      try {
        const value = await provider.get(arn, { maxAge: SECRET_MAX_AGE_SECONDS, throwOnMissing: true });
        return typeof value === "string" && value !== "" ? value : undefined;
      } catch (error) {
        // A secret created by the deploy holds no value until an operator stores one (docs/deploy.md).
        if (error instanceof ParameterNotFoundError) return undefined;
        // Denied or unreachable is a deployment problem: said with the secret's name, so the batch is retried.
        // Powertools wraps the SDK's error: name the SDK's (AccessDeniedException, KMSAccessDeniedException).
        const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error) : (error as Error);
        throw new Error(`cannot read the ${name} secret (${arn}): ${cause.name}`, { cause: error });
      }
    },
  };
}
