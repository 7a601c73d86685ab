import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
  SecretsManagerServiceException,
} from "@aws-sdk/client-secrets-manager";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { secretArnVariable, secretsManagerSlackSecrets } from "./slack-secrets.ts";

const WEBHOOK_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:vigil/prod/SlackWebhookUrl-AbCdEf";
const WEBHOOK = "https://hooks.slack.com/services/T0/B0/secret-part";

describe("Slack secrets from Secrets Manager", () => {
  const secretsManager = mockClient(SecretsManagerClient);
  beforeEach(() => secretsManager.reset());
  const environment = { [secretArnVariable("SlackWebhookUrl")]: WEBHOOK_ARN };

  it("names each secret's ARN variable after the secret", () => {
    expect(secretArnVariable("SlackWebhookUrl")).toBe("VIGIL_SECRET_ARN_SLACK_WEBHOOK_URL");
    expect(secretArnVariable("SlackSigningSecret")).toBe("VIGIL_SECRET_ARN_SLACK_SIGNING_SECRET");
  });

  it("reads a secret it was given by its ARN, once within the cache's lifetime", async () => {
    secretsManager
      .on(GetSecretValueCommand, { SecretId: WEBHOOK_ARN })
      .resolves({ ARN: WEBHOOK_ARN, Name: "vigil/prod/SlackWebhookUrl", SecretString: WEBHOOK, VersionId: "v1" });
    const secrets = secretsManagerSlackSecrets(new SecretsManagerClient({ region: "us-east-1" }), environment);
    expect(await secrets.get("SlackWebhookUrl")).toBe(WEBHOOK);
    expect(await secrets.get("SlackWebhookUrl")).toBe(WEBHOOK);
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(1);
  });

  it("says 'not set' for a secret it was not given and for one that holds no value yet, without a call for the first", async () => {
    secretsManager.on(GetSecretValueCommand).rejects(
      new ResourceNotFoundException({
        message: "Secrets Manager can't find the specified secret value for staging label: AWSCURRENT",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const secrets = secretsManagerSlackSecrets(new SecretsManagerClient({ region: "us-east-1" }), environment);
    expect(await secrets.get("SlackBotToken")).toBeUndefined();
    expect(secretsManager.commandCalls(GetSecretValueCommand)).toHaveLength(0);
    expect(await secrets.get("SlackWebhookUrl")).toBeUndefined();
  });

  it("fails, naming the secret and the error, when the read is denied: a deployment problem is never 'not set'", async () => {
    secretsManager.on(GetSecretValueCommand).rejects(
      new SecretsManagerServiceException({
        name: "AccessDeniedException",
        $fault: "client",
        message: "not authorized",
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const secrets = secretsManagerSlackSecrets(new SecretsManagerClient({ region: "us-east-1" }), environment);
    await expect(secrets.get("SlackWebhookUrl")).rejects.toThrow(
      `cannot read the SlackWebhookUrl secret (${WEBHOOK_ARN}): AccessDeniedException`,
    );
  });
});
