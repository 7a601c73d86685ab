import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from "@aws-sdk/lib-dynamodb";
import type { LastRemediation, RemediationRecord, RemediationRef, RemediationStatus } from "@vigil/core";
import { BUDGET_KEY_PREFIX, REMEDIATED_SORT_KEY, remediationSortKey, resourceKey } from "./schema.ts";

/** Past one of these, a change waits for the next hour. */
export interface RemediationBudget {
  readonly perRulePerHour: number;
  readonly perHour: number;
}

export type BudgetClaim = "claimed" | "rule-exhausted" | "all-exhausted";

const recordKey = (ref: RemediationRef) => ({
  pk: resourceKey(ref.resourceId),
  sk: remediationSortKey(ref.ruleId, ref.observedAt),
});

const DAY_SECONDS = 24 * 60 * 60;

/**
 * Remediation records beside their findings, one per (resource, rule, observation): created once (a redelivered
 * event finds it and does nothing), then moved only from the states a step expects (an approval clicked twice, or
 * racing the remediator, moves it once). Also the loop guard (Vigil's last change per resource) and the hourly
 * rate budget.
 */
export class RemediationRecords {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly retentionDays = 400,
  ) {}

  /** Creates the record; false when one exists already (this remediation was handled). */
  async create(record: RemediationRecord): Promise<boolean> {
    return this.#put(record, { ConditionExpression: "attribute_not_exists(pk)" });
  }

  async get(ref: RemediationRef): Promise<RemediationRecord | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: recordKey(ref), ConsistentRead: true }),
    );
    return Item?.record as RemediationRecord | undefined;
  }

  /** Replaces the record if it is still in one of `from`; false when another writer moved it first. */
  async move(record: RemediationRecord, from: readonly RemediationStatus[]): Promise<boolean> {
    const values = Object.fromEntries(from.map((status, index) => [`:from${index}`, status]));
    return this.#put(record, {
      ConditionExpression: `recordStatus IN (${Object.keys(values).join(", ")})`,
      ExpressionAttributeValues: values,
    });
  }

  async lastRemediation(resourceId: string): Promise<LastRemediation | undefined> {
    const { Item } = await this.client.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: resourceKey(resourceId), sk: REMEDIATED_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    return typeof Item?.at === "string" ? { at: Item.at, ruleId: String(Item.ruleId) } : undefined;
  }

  /** Records that Vigil is about to change the resource (before the calls, so that a crash mid-way still guards). */
  async markRemediated(resourceId: string, ruleId: string, at: Date): Promise<void> {
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: { pk: resourceKey(resourceId), sk: REMEDIATED_SORT_KEY, at: at.toISOString(), ruleId },
      }),
    );
  }

  /**
   * Takes one change from this hour's budget, the rule's and the global one; an exhausted budget takes nothing.
   * Counters are conditional increments, so concurrent remediators never overspend.
   */
  async claimBudget(ruleId: string, budget: RemediationBudget, now: Date): Promise<BudgetClaim> {
    const hour = `${BUDGET_KEY_PREFIX}${now.toISOString().slice(0, 13)}`;
    const expires = Math.floor(now.getTime() / 1000) + 2 * DAY_SECONDS;
    if (!(await this.#increment(hour, "ALL", budget.perHour, expires))) return "all-exhausted";
    if (await this.#increment(hour, `RULE#${ruleId}`, budget.perRulePerHour, expires)) return "claimed";
    await this.client.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: hour, sk: "ALL" },
        UpdateExpression: "ADD used :minusOne",
        ExpressionAttributeValues: { ":minusOne": -1 },
      }),
    );
    return "rule-exhausted";
  }

  async #increment(pk: string, sk: string, max: number, expires: number): Promise<boolean> {
    try {
      await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: { pk, sk },
          UpdateExpression: "ADD used :one SET #ttl = :ttl",
          ConditionExpression: "attribute_not_exists(used) OR used < :max",
          ExpressionAttributeNames: { "#ttl": "ttl" },
          ExpressionAttributeValues: { ":one": 1, ":max": max, ":ttl": expires },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async #put(
    record: RemediationRecord,
    condition: {
      ConditionExpression: string;
      ExpressionAttributeValues?: Record<string, unknown>;
    },
  ): Promise<boolean> {
    try {
      await this.client.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...recordKey(record.ref),
            // Not `status`: that attribute keys the findings' byStatus index, which must hold findings only.
            recordStatus: record.status,
            record,
            ttl: Math.floor(Date.parse(record.updatedAt) / 1000) + this.retentionDays * DAY_SECONDS,
          },
          ...condition,
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }
}
