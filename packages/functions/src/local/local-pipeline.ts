import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import {
  AlertThreads,
  AuditLog,
  ContextLinks,
  ExemptionStore,
  FindingsStore,
  LocalTableStream,
  RemediationRecords,
  readAccount,
  readTargeted,
  type SlackPoster,
  type TargetedReadOptions,
} from "@vigil/aws";
import type { LocalFindingsTable } from "@vigil/aws/local";
import { type RemediationConfig, type ResolvedConfig, RULES, refsForEvent, type SlackRouting } from "@vigil/core";
import { type Coalesced, type Evaluation, Evaluator } from "../evaluate/evaluator.ts";
import { DeliveryClaims } from "../notify/claims.ts";
import { alertChannels, Notifier } from "../notify/notifier.ts";
import { NOTIFY_IDEMPOTENCY_KEYS } from "../notify/table-access.ts";
import { eventOfRecord } from "../publish/handler.ts";
import { Remediator } from "../remediate/remediator.ts";
import { threadPoster } from "../remediate/slack-thread.ts";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";
import { EVALUATE_CONSUMER } from "../shared/queue-consumers.ts";
import { sweepMessages } from "../sweep/handler.ts";

export interface LocalPipelineOptions {
  /**
   * How the service reads the account, as deployed: the home region and the clients (an in-memory
   * `ModelAccount`'s, or real ones for `vigil local --live`).
   */
  readonly readOptions: TargetedReadOptions;
  readonly table: LocalFindingsTable;
  readonly config: ResolvedConfig;
  readonly routing: SlackRouting;
  /** The remediation settings; `vigil local` only ever posts plans (its kill switch is always on). */
  readonly remediation: RemediationConfig;
  readonly slack: SlackPoster;
  /** The evaluation queue's delivery delay. */
  readonly windowMs: number;
}

/**
 * The deployed event path in one process for `vigil local`: the sweep (a full read → one message per resource) or
 * events → references (the ingest mapping) → a queue delayed by the coalescing window → the evaluator (targeted
 * reads of each resource's declared context, dependants re-queued, the same store code on an embedded table) →
 * the table's stream → the publish logic → notify (claims and threads in the same table) → Slack or the console.
 */
export class LocalPipeline {
  readonly #options: LocalPipelineOptions;
  readonly #stream: LocalTableStream;
  readonly #evaluator: Evaluator;
  readonly #notifier: Notifier;
  readonly #remediator: Remediator;
  readonly #pending = new Set<Promise<void>>();
  readonly #rules = new Map(RULES.map((rule) => [rule.id, rule]));
  evaluations = 0;
  transitions = 0;
  /** Messages that failed every receive, with the last error. */
  readonly deadLetters: { readonly message: EvaluationMessage; readonly error: string }[] = [];
  /** Post remediation plans for the findings that open from now on (off during the first sweep: one digest). */
  proposeRemediations = false;

  constructor(options: LocalPipelineOptions) {
    this.#options = options;
    const { table } = options;
    this.#stream = new LocalTableStream(`arn:aws:dynamodb:local:000000000000:table/${table.tableName}`);
    this.#evaluator = new Evaluator({
      store: new FindingsStore(this.#stream.wrap(table.client), table.tableName),
      config: options.config,
      read: readTargeted,
      readOptions: options.readOptions,
      dependants: {
        links: new ContextLinks(table.client, table.tableName),
        // As deployed: dependants go back on the evaluation queue, behind its delivery delay.
        enqueue: async (messages) => {
          for (const message of messages) this.enqueue(message, options.windowMs);
        },
      },
    });
    this.#notifier = new Notifier({
      poster: options.slack,
      routing: options.routing,
      claims: new DeliveryClaims(
        new DynamoDBPersistenceLayer({
          tableName: table.tableName,
          ...NOTIFY_IDEMPOTENCY_KEYS,
          awsSdkV3Client: table.dynamodb,
        }),
        "vigil-local",
      ),
      threads: new AlertThreads(table.client, table.tableName),
    });
    const audit = new AuditLog(table.client, table.tableName);
    this.#remediator = new Remediator({
      config: options.remediation,
      rules: options.config,
      records: new RemediationRecords(table.client, table.tableName),
      // Local mode changes nothing in the account it plays: every plan is a dry run, posted in its alert's thread.
      controls: {
        read: async () => ({
          overrides: new Map(),
          killSwitch: { engaged: true, by: "vigil local", at: new Date().toISOString() },
        }),
      },
      exemptions: new ExemptionStore(table.client, table.tableName, audit),
      audit,
      read: readTargeted,
      readOptions: options.readOptions,
      execute: async () => {
        throw new Error("vigil local changes nothing");
      },
      post: threadPoster(options.slack, new AlertThreads(table.client, table.tableName), (error) => {
        throw error;
      }),
      channelsOf: (detail) => alertChannels(detail, options.routing, true),
    });
  }

  /**
   * The sweep, as deployed: a full read of the account, one evaluation message per resource of a swept kind;
   * resolves once they are queued, with what the read saw.
   */
  async sweep(): Promise<{ account: string; resources: number; readErrors: number }> {
    const inventory = await readAccount(this.#options.readOptions);
    for (const message of sweepMessages(inventory, new Date())) this.enqueue(message, this.#options.windowMs);
    return { account: inventory.account, resources: inventory.resources.length, readErrors: inventory.errors.length };
  }

  /** An EventBridge event, as ingest takes it: its references are evaluated one window later. */
  ingest(event: unknown): { refs: number; ignored?: string } {
    const result = refsForEvent(event);
    if (!("refs" in result) || result.refs.length === 0) {
      return { refs: 0, ignored: "ignored" in result ? result.ignored : "rejected" in result ? result.rejected : "" };
    }
    const time = new Date().toISOString();
    for (const ref of result.refs) this.enqueue({ ...ref, eventTime: time }, this.#options.windowMs);
    return { refs: result.refs.length };
  }

  /**
   * Puts one evaluation message on the local queue, due after `delayMs`. As on the deployed queue, a failed
   * evaluation comes back after the visibility timeout, and after its last receive goes to the dead letters.
   */
  enqueue(message: EvaluationMessage, delayMs = 0, receives = 0): void {
    const done = new Promise<void>((resolve) => setTimeout(resolve, delayMs))
      .then(() => this.#evaluator.evaluate(message))
      .then(
        (evaluation) => this.#deliver(message, evaluation),
        (error: unknown) => {
          if (receives + 1 < EVALUATE_CONSUMER.maxReceiveCount) {
            this.enqueue(message, EVALUATE_CONSUMER.visibilityTimeoutSeconds * 1000, receives + 1);
          } else {
            this.deadLetters.push({ message, error: error instanceof Error ? error.message : String(error) });
          }
        },
      )
      .finally(() => this.#pending.delete(done));
    this.#pending.add(done);
  }

  /** Resolves when every queued evaluation and its alerts are done. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  /** The evaluation's transitions → alerts (and remediation plans); a failed alert fails the run. */
  async #deliver(message: EvaluationMessage, evaluation: Coalesced | Evaluation): Promise<void> {
    if (evaluation.coalesced) return;
    this.evaluations++;
    const details = this.#stream
      .take()
      .map((record) => eventOfRecord(record, this.#rules))
      .filter((detail) => detail !== undefined);
    this.transitions += details.length;
    if (details.length === 0) return;
    const outcome = await this.#notifier.notify(
      details.map((detail, index) => ({ recordId: `${message.arn}#${index}`, detail })),
      () => 30_000,
    );
    if (outcome.failedRecords.size > 0) throw new Error(`${outcome.failedRecords.size} alert(s) could not be sent`);
    // Slack refused for good (a bad webhook, an unknown channel): said at once, with the fix, as the service logs it.
    const [refused] = outcome.dropped;
    if (refused) {
      const fix = refused.error.fix ? ` (${refused.error.fix})` : "";
      throw new Error(`Slack refused alerts for ${refused.channel}: ${refused.error.message}${fix}`);
    }
    if (this.proposeRemediations) for (const detail of details) await this.#remediator.onFinding(detail);
  }
}
