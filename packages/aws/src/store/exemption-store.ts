import { DeleteCommand, type DynamoDBDocumentClient, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import type { Exemption } from "@vigil/core";
import type { AuditLog } from "./audit-log.ts";
import { EXEMPTION_KEY } from "./schema.ts";

/** An exemption granted at run time: the same shape as vigil.config.ts's, plus where and when it was granted. */
export interface StoredExemption extends Exemption {
  readonly by: string;
  readonly grantedAt: string;
  readonly source: "cli" | "slack";
}

const exemptionSortKey = (resource: string, rule: string) => `${resource}#${rule}`;

/**
 * Exemptions granted with `vigil exempt` or from Slack. They match like vigil.config.ts's (rule id or `*`,
 * resource id, ARN or name with `*` wildcards) and end at `expires`: the evaluator then sees the failure again and
 * the finding reopens with an alert. Expired ones stay listed until revoked, as a record.
 */
export class ExemptionStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly audit: AuditLog,
  ) {}

  /** Grants (or replaces) the exemption of `rule` on `resource`. */
  async grant(exemption: StoredExemption): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: EXEMPTION_KEY, sk: exemptionSortKey(exemption.resource, exemption.rule), exemption },
      }),
    );
    await this.audit.append({
      action: "exemption-granted",
      at: exemption.grantedAt,
      actor: exemption.by,
      resourceId: exemption.resource,
      ruleId: exemption.rule,
      reason: exemption.reason,
      expires: exemption.expires,
    });
  }

  /** Removes an exemption; false when there was none. */
  async revoke(resource: string, rule: string, change: { by: string; at: string; reason: string }): Promise<boolean> {
    const { Attributes } = await this.client.send(
      new DeleteCommand({
        TableName: this.tableName,
        Key: { pk: EXEMPTION_KEY, sk: exemptionSortKey(resource, rule) },
        ReturnValues: "ALL_OLD",
      }),
    );
    if (!Attributes) return false;
    await this.audit.append({
      action: "exemption-revoked",
      at: change.at,
      actor: change.by,
      resourceId: resource,
      ruleId: rule,
      reason: change.reason,
    });
    return true;
  }

  /** Every stored exemption, expired ones included, ordered by resource. */
  async list(): Promise<StoredExemption[]> {
    const exemptions: StoredExemption[] = [];
    let startKey: Record<string, unknown> | undefined;
    do {
      const page = await this.client.send(
        new QueryCommand({
          TableName: this.tableName,
          KeyConditionExpression: "pk = :pk",
          ExpressionAttributeValues: { ":pk": EXEMPTION_KEY },
          ExclusiveStartKey: startKey,
        }),
      );
      for (const item of page.Items ?? []) exemptions.push(item.exemption as StoredExemption);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return exemptions;
  }
}
