import { randomBytes } from "node:crypto";
import { type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { AuditEntry } from "@vigil/core";
import { AUDIT_KEY_PREFIX } from "./schema.ts";

const monthOf = (iso: string) => iso.slice(0, 7);

/**
 * The audit trail of everything Vigil changed or was told to change: remediations (with the state before, after,
 * and the calls that undo them), approvals, exemptions, modes, the kill switch. Never expires: an auditor asks
 * about last year.
 */
export class AuditLog {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async append(entry: AuditEntry): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          pk: `${AUDIT_KEY_PREFIX}${monthOf(entry.at)}`,
          // The random suffix keeps two entries of the same millisecond apart.
          sk: `${entry.at}#${randomBytes(4).toString("hex")}`,
          entry,
        },
        ConditionExpression: "attribute_not_exists(pk)",
      }),
    );
  }

  /** Entries from `since` to `until`, newest first, at most `limit`. */
  async list(since: Date, until: Date, limit = 200): Promise<AuditEntry[]> {
    const entries: AuditEntry[] = [];
    for (const month of monthsBetween(since, until).reverse()) {
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await this.client.send(
          new QueryCommand({
            TableName: this.tableName,
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :from AND :to",
            ExpressionAttributeValues: {
              ":pk": `${AUDIT_KEY_PREFIX}${month}`,
              ":from": since.toISOString(),
              // `~` sorts after the `#<id>` suffix of entries at `until` itself.
              ":to": `${until.toISOString()}~`,
            },
            ScanIndexForward: false,
            ExclusiveStartKey: startKey,
          }),
        );
        for (const item of page.Items ?? []) {
          entries.push(item.entry as AuditEntry);
          if (entries.length >= limit) return entries;
        }
        startKey = page.LastEvaluatedKey;
      } while (startKey);
    }
    return entries;
  }
}

function monthsBetween(since: Date, until: Date): string[] {
  const months: string[] = [];
  const cursor = new Date(Date.UTC(since.getUTCFullYear(), since.getUTCMonth(), 1));
  while (cursor.getTime() <= until.getTime()) {
    months.push(monthOf(cursor.toISOString()));
    cursor.setUTCMonth(cursor.getUTCMonth() + 1);
  }
  return months;
}
