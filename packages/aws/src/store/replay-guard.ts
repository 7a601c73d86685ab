import { createHash } from "node:crypto";
import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, PutCommand } from "@aws-sdk/lib-dynamodb";
import { SLACK_REQUEST_KEY_PREFIX } from "./schema.ts";

/**
 * Requests already handled, so that a captured request replayed within its timestamp window is refused: each key
 * (a request's timestamp and signature) is claimed once with a conditional write and forgotten after `expiresAt`
 * (the table's TTL), once the timestamp window has closed on it anyway.
 */
export class SlackReplayGuard {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** True the first time a key is claimed, false for a replay. */
  async claim(key: string, expiresAt: Date): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `${SLACK_REQUEST_KEY_PREFIX}${createHash("sha256").update(key).digest("hex")}`,
            sk: "SEEN",
            ttl: Math.ceil(expiresAt.getTime() / 1000),
          },
          ConditionExpression: "attribute_not_exists(pk)",
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
