import { ConditionalCheckFailedException, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import {
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  type QueryCommandInput,
} from "@aws-sdk/lib-dynamodb";
import {
  type Finding,
  type FindingState,
  type Observation,
  type RuleResult,
  type Severity,
  type TransitionKind,
  type TransitionOptions,
  transition,
} from "@vigil/core";
import {
  findingSortKey,
  historyPrefix,
  historySortKey,
  LAST_READ_SORT_KEY,
  resourceKey,
  severityOrder,
  severityPrefix,
} from "./schema.ts";

/** One transition, as written to the history. */
export interface FindingTransition {
  readonly kind: Exclude<TransitionKind, "none">;
  readonly previous?: Finding;
  readonly finding: Finding;
}

export interface RecordOutcome {
  /** Alert-worthy transitions, one history item each. */
  readonly transitions: readonly FindingTransition[];
  /** DynamoDB item writes made (current findings and history items). */
  readonly writes: number;
  /** Observations refused because the store holds a newer one. */
  readonly stale: number;
}

export interface HistoryEntry {
  readonly kind: Exclude<TransitionKind, "none">;
  readonly previousStatus?: FindingState;
  readonly finding: Finding;
}

/** At least one criterion; status is the most selective index, then severity, then rule. */
export type FindingsQuery =
  | { readonly status: FindingState; readonly severity?: Severity; readonly ruleId?: string }
  | { readonly status?: undefined; readonly severity: Severity; readonly ruleId?: string }
  | { readonly status?: undefined; readonly severity?: undefined; readonly ruleId: string };

export interface FindingsStoreOptions extends TransitionOptions {
  /** How long history items live (through the table's TTL). Default 90 days. */
  readonly historyRetentionDays?: number;
  /** Attempts when another writer changes a finding between our read and our write. Default 3. */
  readonly maxAttempts?: number;
}

/** Another writer kept changing the finding while we tried to write it. */
export class FindingConflictError extends Error {
  override name = "FindingConflictError";
}

/** Evidence values are arbitrary data: absent values are dropped rather than rejected. */
export function createFindingsDocumentClient(client: DynamoDBClient): DynamoDBDocumentClient {
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}

const KEY_ATTRIBUTES = ["pk", "sk", "severityOrder"] as const;
const DAY_SECONDS = 24 * 60 * 60;

/**
 * The findings table: current finding per (resource, rule), a history item per transition, queries by status,
 * severity and rule. Writes are conditional on the read time, so an older evaluation never overwrites a newer one.
 * The document client must drop undefined values (see `createFindingsDocumentClient`).
 */
export class FindingsStore {
  readonly #client: DynamoDBDocumentClient;
  readonly #tableName: string;
  readonly #options: FindingsStoreOptions;

  constructor(client: DynamoDBDocumentClient, tableName: string, options: FindingsStoreOptions = {}) {
    this.#client = client;
    this.#tableName = tableName;
    this.#options = options;
  }

  /** Applies one evaluation's results, all read at `observedAt`. */
  async record(results: readonly RuleResult[], observedAt: Date, now: Date): Promise<RecordOutcome> {
    const byResource = new Map<string, RuleResult[]>();
    for (const result of results)
      byResource.set(result.resourceId, [...(byResource.get(result.resourceId) ?? []), result]);
    const outcomes = await Promise.all(
      [...byResource].map(async ([resourceId, resourceResults]) => {
        const current = await this.#currentFindings(resourceId);
        return Promise.all(
          resourceResults.map((result) => this.#apply(current.get(result.ruleId), result, observedAt, now)),
        );
      }),
    );
    return combine(outcomes.flat());
  }

  /** The resource was deleted: each of its findings becomes `gone`. */
  async markGone(resourceId: string, observedAt: Date, now: Date): Promise<RecordOutcome> {
    const current = await this.#currentFindings(resourceId);
    const outcomes = await Promise.all(
      [...current.values()].map((finding) =>
        this.#apply(finding, { status: "gone", resourceId, ruleId: finding.ruleId }, observedAt, now),
      ),
    );
    return combine(outcomes);
  }

  /** When the resource's live state was last read for an evaluation (ISO 8601), if ever. */
  async lastRead(resourceId: string): Promise<string | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { pk: resourceKey(resourceId), sk: LAST_READ_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    return typeof Item?.readAt === "string" ? Item.readAt : undefined;
  }

  /**
   * Records that the resource's state was read at `readAt`; a later time already recorded stays (false then).
   * Events that happened before it need no evaluation of their own: that read already saw their effect.
   */
  async markRead(resourceId: string, readAt: Date): Promise<boolean> {
    const time = readAt.toISOString();
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: { pk: resourceKey(resourceId), sk: LAST_READ_SORT_KEY, readAt: time },
          ConditionExpression: "attribute_not_exists(readAt) OR readAt < :readAt",
          ExpressionAttributeValues: { ":readAt": time },
        }),
      );
      return true;
    } catch (error) {
      if (error instanceof ConditionalCheckFailedException) return false;
      throw error;
    }
  }

  async get(resourceId: string, ruleId: string): Promise<Finding | undefined> {
    const { Item } = await this.#client.send(
      new GetCommand({
        TableName: this.#tableName,
        Key: { pk: resourceKey(resourceId), sk: findingSortKey(ruleId) },
        ConsistentRead: true,
      }),
    );
    return Item && toFinding(Item);
  }

  /** Transitions of one finding, oldest first. */
  async history(resourceId: string, ruleId: string): Promise<HistoryEntry[]> {
    const items = await this.#queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": resourceKey(resourceId), ":prefix": historyPrefix(ruleId) },
    });
    return items.map((item) => ({
      kind: item.kind,
      ...(item.previousStatus !== undefined && { previousStatus: item.previousStatus }),
      finding: item.finding,
    }));
  }

  async query(criteria: FindingsQuery): Promise<Finding[]> {
    const names: Record<string, string> = {};
    const values: Record<string, unknown> = {};
    const filters: string[] = [];
    const filterOn = (attribute: "severity" | "ruleId", value: string | undefined) => {
      if (value === undefined) return;
      names[`#${attribute}`] = attribute;
      values[`:${attribute}`] = value;
      filters.push(`#${attribute} = :${attribute}`);
    };
    let input: Omit<QueryCommandInput, "TableName">;
    if (criteria.status !== undefined) {
      const severity = criteria.severity && severityPrefix(criteria.severity);
      filterOn("ruleId", criteria.ruleId);
      input = {
        IndexName: "byStatus",
        KeyConditionExpression: `#status = :status${severity ? " AND begins_with(severityOrder, :severity)" : ""}`,
        ExpressionAttributeNames: { ...names, "#status": "status" },
        ExpressionAttributeValues: {
          ...values,
          ":status": criteria.status,
          ...(severity && { ":severity": severity }),
        },
      };
    } else if (criteria.severity !== undefined) {
      filterOn("ruleId", criteria.ruleId);
      input = {
        IndexName: "bySeverity",
        KeyConditionExpression: "#severity = :severity",
        ExpressionAttributeNames: { ...names, "#severity": "severity" },
        ExpressionAttributeValues: { ...values, ":severity": criteria.severity },
      };
    } else {
      input = {
        IndexName: "byRule",
        KeyConditionExpression: "ruleId = :ruleId",
        ExpressionAttributeValues: { ":ruleId": criteria.ruleId },
      };
    }
    const items = await this.#queryAll({
      ...input,
      ...(filters.length > 0 && { FilterExpression: filters.join(" AND ") }),
    });
    return items.map(toFinding);
  }

  async #currentFindings(resourceId: string): Promise<Map<string, Finding>> {
    const items = await this.#queryAll({
      KeyConditionExpression: "pk = :pk AND begins_with(sk, :prefix)",
      ExpressionAttributeValues: { ":pk": resourceKey(resourceId), ":prefix": findingSortKey("") },
      ConsistentRead: true,
    });
    return new Map(items.map((item) => [item.ruleId, toFinding(item)]));
  }

  // biome-ignore lint/suspicious/noExplicitAny: items are documents of this table, typed by their readers
  async #queryAll(input: Omit<QueryCommandInput, "TableName">): Promise<Record<string, any>[]> {
    const items: Record<string, unknown>[] = [];
    let startKey: QueryCommandInput["ExclusiveStartKey"];
    do {
      const page = await this.#client.send(
        new QueryCommand({ ...input, TableName: this.#tableName, ExclusiveStartKey: startKey }),
      );
      items.push(...(page.Items ?? []));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return items;
  }

  /** Computes the transition and writes it; when another writer got there first, re-reads and tries again. */
  async #apply(
    stored: Finding | undefined,
    observation: Observation,
    observedAt: Date,
    now: Date,
  ): Promise<RecordOutcome> {
    let previous = stored;
    const attempts = this.#options.maxAttempts ?? 3;
    for (let attempt = 1; attempt <= attempts; attempt++) {
      const next = transition(previous, observation, observedAt, now, this.#options);
      if (next.kind === "stale") return { transitions: [], writes: 0, stale: 1 };
      if (!next.write) return { transitions: [], writes: 0, stale: 0 };
      if (await this.#putFinding(next.finding, previous)) {
        if (next.kind === "none") return { transitions: [], writes: 1, stale: 0 };
        const recorded: FindingTransition = { kind: next.kind, ...(previous && { previous }), finding: next.finding };
        await this.#putHistory(recorded, now);
        return { transitions: [recorded], writes: 2, stale: 0 };
      }
      previous = await this.get(observation.resourceId, observation.ruleId);
    }
    throw new FindingConflictError(
      `finding ${observation.ruleId} on ${observation.resourceId} kept changing during ${attempts} attempts`,
    );
  }

  /**
   * Writes the finding only if the stored one is still the one the transition was computed from: absent, or the
   * same version and older. False when the condition failed (another writer was first).
   */
  async #putFinding(finding: Finding, previous: Finding | undefined): Promise<boolean> {
    const condition = previous
      ? {
          ConditionExpression: "#version = :version AND #observedAt < :observedAt",
          ExpressionAttributeNames: { "#version": "version", "#observedAt": "observedAt" },
          ExpressionAttributeValues: { ":version": previous.version, ":observedAt": finding.observedAt },
        }
      : { ConditionExpression: "attribute_not_exists(pk)" };
    try {
      await this.#client.send(
        new PutCommand({
          TableName: this.#tableName,
          Item: {
            ...finding,
            pk: resourceKey(finding.resourceId),
            sk: findingSortKey(finding.ruleId),
            severityOrder: severityOrder(finding),
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

  /** Keyed by the observation's read time, so a retried write rewrites the same item. */
  async #putHistory({ kind, previous, finding }: FindingTransition, now: Date): Promise<void> {
    const retentionDays = this.#options.historyRetentionDays ?? 90;
    await this.#client.send(
      new PutCommand({
        TableName: this.#tableName,
        Item: {
          pk: resourceKey(finding.resourceId),
          sk: historySortKey(finding.ruleId, finding.observedAt),
          kind,
          ...(previous && { previousStatus: previous.status }),
          finding,
          ttl: Math.floor(now.getTime() / 1000) + retentionDays * DAY_SECONDS,
        },
      }),
    );
  }
}

function toFinding(item: Record<string, unknown>): Finding {
  const finding = { ...item };
  for (const attribute of KEY_ATTRIBUTES) delete finding[attribute];
  return finding as unknown as Finding;
}

/** A current-finding item is keyed `RES#…` / `RULE#…`; history, read times, claims and threads share the table. */
export function isFindingItem(item: Readonly<Record<string, unknown>>): boolean {
  return (
    typeof item.pk === "string" &&
    item.pk.startsWith(resourceKey("")) &&
    typeof item.sk === "string" &&
    item.sk.startsWith(findingSortKey(""))
  );
}

/** The fields of a finding an item holds, keys stripped; unvalidated (a stream reader validates at its boundary). */
export function findingOfItem(item: Record<string, unknown>): Record<string, unknown> {
  return toFinding(item) as unknown as Record<string, unknown>;
}

function combine(outcomes: readonly RecordOutcome[]): RecordOutcome {
  return {
    transitions: outcomes.flatMap((outcome) => outcome.transitions),
    writes: outcomes.reduce((sum, outcome) => sum + outcome.writes, 0),
    stale: outcomes.reduce((sum, outcome) => sum + outcome.stale, 0),
  };
}
