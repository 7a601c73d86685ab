import type { Logger } from "@aws-lambda-powertools/logger";
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  AlertThreads,
  BotSlackPoster,
  createFindingsDocumentClient,
  type SlackPoster,
  WebhookSlackPoster,
} from "@vigil/aws";
import type { SlackSecrets } from "./slack-secrets.ts";

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
export async function slackFromSecrets(
  secrets: SlackSecrets,
  logger: Logger,
  dynamodb: DynamoDBClient,
  tableName: string,
): Promise<SlackWiring> {
  const botToken = await secrets.get("SlackBotToken");
  if (botToken) {
    return {
      poster: new BotSlackPoster(botToken),
      threads: new AlertThreads(createFindingsDocumentClient(dynamodb), tableName),
    };
  }
  const webhook = await secrets.get("SlackWebhookUrl");
  return { poster: webhook ? new WebhookSlackPoster(webhook) : loggingPoster(logger) };
}
