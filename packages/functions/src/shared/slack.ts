import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  AlertThreads,
  BotSlackPoster,
  createFindingsDocumentClient,
  type SlackPoster,
  WebhookSlackPoster,
} from "@vigil/aws";
import { Resource } from "sst";

/** The Slack secrets a function may be linked to (`sst.Secret`, set with `npx sst secret set`). */
export type SlackSecretName = "SlackBotToken" | "SlackWebhookUrl" | "SlackSigningSecret";

/** An `sst.Secret` value, or undefined when it holds its empty placeholder (or is not linked). */
export function slackSecret(name: SlackSecretName): string | undefined {
  const value = (Resource as unknown as Record<string, { value?: string } | undefined>)[name]?.value;
  return value ? value : undefined;
}

/** Without a Slack secret set, messages are logged: the deployment works before Slack is wired. */
function loggingPoster(logger: Logger): SlackPoster {
  return {
    async post(message) {
      logger.info("Slack message (no Slack secret set)", { text: message.text });
      return {};
    },
  };
}

export interface SlackWiring {
  readonly poster: SlackPoster;
  /** With a bot token only: alert threads in the findings table, so that follow-ups answer in them. */
  readonly threads?: AlertThreads;
}

/** The deployed functions' Slack: a bot token wins over a webhook; neither set, messages go to the log. */
export function slackFromSecrets(logger: Logger, dynamodb: DynamoDBClient, tableName: string): SlackWiring {
  const botToken = slackSecret("SlackBotToken");
  if (botToken) {
    return {
      poster: new BotSlackPoster(botToken),
      threads: new AlertThreads(createFindingsDocumentClient(dynamodb), tableName),
    };
  }
  const webhook = slackSecret("SlackWebhookUrl");
  return { poster: webhook ? new WebhookSlackPoster(webhook) : loggingPoster(logger) };
}
