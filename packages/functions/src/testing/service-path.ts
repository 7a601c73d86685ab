/**
 * The two paths a parity test compares, over any account the live readers can read (an in-memory ModelAccount, a
 * moto server): a full scan as `vigil scan` runs it (readAccount → evaluate) and the deployed service path (the
 * sweep's messages, or an event's references through the ingest mapping → Evaluator with readTargeted and the
 * dependants it enqueues → a findings table on dynalite).
 */
import {
  ContextLinks,
  FindingsStore,
  type LiveReadResult,
  readAccount,
  readTargeted,
  type TargetedReadOptions,
} from "@vigil/aws";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/local";
import {
  type AnyRule,
  evaluate,
  type FindingState,
  ResourceModel,
  type RuleResult,
  refsForEvent,
  resolveConfig,
} from "@vigil/core";
import { type Evaluation, Evaluator } from "../evaluate/evaluator.ts";
import { coalesceByArn } from "../ingest/message.ts";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";
import { sweepMessages } from "../sweep/handler.ts";

/** `rule resource`, sorted: what parity tests compare. */
export type Pairs = string[];

const pairsOf = (results: readonly { ruleId: string; resourceId: string }[]): Pairs =>
  results.map((r) => `${r.ruleId} ${r.resourceId}`).sort();

export interface Scan {
  readonly read: LiveReadResult;
  readonly results: readonly RuleResult[];
  /** Every failing verdict. */
  readonly failures: Pairs;
  /** Every verdict the scan could not reach: rule errors and "cannot evaluate". */
  readonly undetermined: Pairs;
}

/** A full scan: the whole account read at once, every rule evaluated at `now`. */
export async function scan(readOptions: TargetedReadOptions, rules: readonly AnyRule[], now: Date): Promise<Scan> {
  const read = await readAccount(readOptions);
  const report = evaluate(
    new ResourceModel(read.resources, read.coverage),
    resolveConfig({ ruleset: "strict" }, rules),
    { now },
  );
  return {
    read,
    results: report.results,
    failures: pairsOf(report.results.filter((r) => r.status === "fail")),
    undetermined: pairsOf(report.results.filter((r) => r.status === "error" || r.status === "undetermined")),
  };
}

/**
 * The service path on one findings table: messages go on an in-memory evaluation queue, which `drain` empties
 * through the Evaluator, dependants included, as the deployed queue would.
 */
export class ServicePath {
  readonly #table: LocalFindingsTable;
  readonly #store: FindingsStore;
  readonly #evaluator: Evaluator;
  readonly #queue: EvaluationMessage[] = [];
  readonly #readOptions: TargetedReadOptions;
  /** Every evaluation that read something, for what the reads met. */
  readonly evaluations: Evaluation[] = [];
  /** Messages one drain may deliver before it gives up: the queue must empty. */
  #bound = 1_000;

  private constructor(table: LocalFindingsTable, readOptions: TargetedReadOptions, rules: readonly AnyRule[]) {
    this.#table = table;
    this.#readOptions = readOptions;
    this.#store = new FindingsStore(table.client, table.tableName);
    this.#evaluator = new Evaluator({
      store: this.#store,
      config: resolveConfig({ ruleset: "strict" }, rules),
      read: readTargeted,
      readOptions,
      dependants: {
        links: new ContextLinks(table.client, table.tableName),
        enqueue: async (messages) => {
          this.#queue.push(...messages);
        },
      },
    });
  }

  static async start(readOptions: TargetedReadOptions, rules: readonly AnyRule[]): Promise<ServicePath> {
    return new ServicePath(await startLocalFindingsTable(), readOptions, rules);
  }

  /** A sweep: a full inventory read, one message per swept resource, all evaluated. Returns the inventory. */
  async sweep(): Promise<LiveReadResult> {
    const inventory = await readAccount(this.#readOptions);
    // A sweep's messages and one round of dependants each.
    this.#bound = 10 * Math.max(inventory.resources.length, 10);
    this.#queue.push(...sweepMessages(inventory, new Date(Date.now() - 1_000)));
    await this.drain();
    return inventory;
  }

  /**
   * An EventBridge event as ingest takes it (its references, coalesced by ARN, at the event's time): they are
   * evaluated, with what they enqueue.
   */
  async deliver(event: { readonly time: string }): Promise<void> {
    const mapped = refsForEvent(event);
    if (mapped.refs.length === 0) throw new Error(`the event names nothing: ${JSON.stringify(mapped)}`);
    this.#queue.push(...coalesceByArn(mapped.refs).map((ref) => ({ ...ref, eventTime: event.time })));
    await this.drain();
  }

  async drain(): Promise<void> {
    for (let delivered = 0; this.#queue.length > 0; delivered++) {
      if (delivered >= this.#bound) throw new Error("the evaluation queue did not drain");
      const outcome = await this.#evaluator.evaluate(this.#queue.shift()!);
      if (!outcome.coalesced) this.evaluations.push(outcome);
    }
  }

  /** `rule resource` of the table's current findings in `status`. */
  async findings(status: FindingState): Promise<Pairs> {
    return pairsOf(await this.#store.query({ status }));
  }

  close(): Promise<void> {
    return this.#table.close();
  }
}
