import { type DynamoDBDocumentClient, GetCommand, PutCommand } from "@aws-sdk/lib-dynamodb";
import { ALERT_KEY_PREFIX } from "./schema.ts";

/** Where the alert that opened a finding's Slack thread was posted. */
export interface AlertThread {
  readonly channel: string;
  readonly ts: string;
}

const DAY_SECONDS = 24 * 60 * 60;

const alertKey = (resourceId: string, ruleId: string, channel: string) => ({
  pk: `${ALERT_KEY_PREFIX}${resourceId}`,
  sk: `THREAD#${ruleId}#${channel}`,
});

/**
 * The Slack thread of each failing finding per channel, so that its resolution answers in the thread of the alert
 * that opened it. Threads older than the retention are forgotten (TTL): the answer is then a message of its own.
 */
export class AlertThreads {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 90,
  ) {}

  async get(resourceId: string, ruleId: string, channel: string): Promise<AlertThread | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: alertKey(resourceId, ruleId, channel) }),
    );
    return Item && typeof Item.ts === "string" ? { channel: String(Item.channel), ts: Item.ts } : undefined;
  }

  async put(resourceId: string, ruleId: string, thread: AlertThread, now: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...alertKey(resourceId, ruleId, thread.channel),
          channel: thread.channel,
          ts: thread.ts,
          ttl: Math.floor(now.getTime() / 1000) + this.retentionDays * DAY_SECONDS,
        },
      }),
    );
  }
}
