import {
  BatchWriteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
} from "@aws-sdk/lib-dynamodb";
import { type KindAndArn, RESOURCE_KINDS, type ResourceKind } from "@vigil/core";
import { CONTEXT_SORT_KEY, DEPENDS_KEY_PREFIX, resourceKey } from "./schema.ts";

/** DynamoDB's BatchWriteItem limit. */
const BATCH_SIZE = 25;
/** Attempts at unprocessed items before giving up (the message is then retried). */
const BATCH_ATTEMPTS = 5;

/**
 * Which resources read which others as context, as of their last evaluation: the reverse index that tells the
 * evaluator what a change may affect when a fresh read cannot (an event-source mapping deleted, a notification
 * removed: the dependant is no longer linked to anything the read sees). Written only when a resource's context
 * changed, so a steady account costs one read per evaluation.
 */
export class ContextLinks {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Records that `dependant` was evaluated with `neighbours` as its context (an empty list when it is gone). */
  async record(dependant: KindAndArn, neighbours: readonly string[]): Promise<void> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: resourceKey(dependant.arn), sk: CONTEXT_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    const previous = new Set<string>(Array.isArray(Item?.neighbours) ? (Item.neighbours as string[]) : []);
    const next = new Set(neighbours.filter((arn) => arn !== dependant.arn));
    const added = [...next].filter((arn) => !previous.has(arn));
    const removed = [...previous].filter((arn) => !next.has(arn));
    if (added.length === 0 && removed.length === 0) return;
    await this.#write([
      ...added.map((arn) => ({
        PutRequest: { Item: { pk: `${DEPENDS_KEY_PREFIX}${arn}`, sk: dependant.arn, kind: dependant.kind } },
      })),
      ...removed.map((arn) => ({ DeleteRequest: { Key: { pk: `${DEPENDS_KEY_PREFIX}${arn}`, sk: dependant.arn } } })),
    ]);
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: resourceKey(dependant.arn), sk: CONTEXT_SORT_KEY, neighbours: [...next].sort() },
      }),
    );
  }

  /** The resources that read `arn` as context at their last evaluation. */
  async dependantsOf(arn: string): Promise<KindAndArn[]> {
    const found: KindAndArn[] = [];
    let ExclusiveStartKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": `${DEPENDS_KEY_PREFIX}${arn}` },
          ConsistentRead: true,
          ExclusiveStartKey,
        }),
      );
      for (const item of page.Items ?? []) {
        if (typeof item.sk === "string" && RESOURCE_KINDS.includes(item.kind as ResourceKind)) {
          found.push({ kind: item.kind as ResourceKind, arn: item.sk });
        }
      }
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return found;
  }

  async #write(requests: readonly Record<string, unknown>[]): Promise<void> {
    for (let start = 0; start < requests.length; start += BATCH_SIZE) {
      let pending = requests.slice(start, start + BATCH_SIZE);
      for (let attempt = 0; pending.length > 0; attempt++) {
        if (attempt === BATCH_ATTEMPTS) throw new Error(`${pending.length} context link write(s) left unprocessed`);
        const { UnprocessedItems } = await this.client.send(
          new BatchWriteCommand({ RequestItems: { [this.tableName]: pending as never } }),
        );
        pending = (UnprocessedItems?.[this.tableName] ?? []) as Record<string, unknown>[];
      }
    }
  }
}
