import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import {
  AlertThreads,
  AuditLog,
  ExemptionStore,
  FindingsStore,
  type LiveReadResult,
  LocalTableStream,
  RemediationRecords,
  type SlackPoster,
  type TargetRef,
} from "@vigil/aws";
import type { LocalFindingsTable } from "@vigil/aws/local";
import {
  type RemediationConfig,
  type ResolvedConfig,
  type Resource,
  RULES,
  refsForEvent,
  type SlackRouting,
} from "@vigil/core";
import { Evaluator } from "../evaluate/evaluator.ts";
import { DeliveryClaims } from "../notify/claims.ts";
import { alertChannels, Notifier } from "../notify/notifier.ts";
import { NOTIFY_IDEMPOTENCY_KEYS } from "../notify/table-access.ts";
import { eventOfRecord } from "../publish/handler.ts";
import { Remediator } from "../remediate/remediator.ts";
import { threadPoster } from "../remediate/slack-thread.ts";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";

/** An account held in memory (`vigil local`): a Config snapshot's resources, changed by a script. */
export class LocalAccount {
  readonly #resources = new Map<string, Resource>();

  constructor(
    readonly account: string,
    resources: readonly Resource[],
  ) {
    for (const resource of resources) this.#resources.set(resource.arn, resource);
  }

  get resources(): readonly Resource[] {
    return [...this.#resources.values()];
  }

  /** Replaces a resource by ARN (a change the script makes), or removes it when `next` is undefined. */
  change(arn: string, next: (current: Resource) => Resource | undefined): void {
    const current = this.#resources.get(arn);
    if (!current) throw new Error(`no resource ${arn} in the local account`);
    const changed = next(current);
    if (changed) this.#resources.set(arn, changed);
    else this.#resources.delete(arn);
  }

  /** What a targeted live read answers: here the whole account, so every neighbour a rule asks about is there. */
  read = async (ref: TargetRef): Promise<LiveReadResult> => {
    const subject = this.#resources.get(ref.arn);
    return {
      account: this.account,
      resources: this.resources as Resource[],
      errors: [],
      calls: {},
      readAt: new Date().toISOString(),
      coverage: { scope: "account", incompleteKinds: new Map() },
      ...(subject && { subject }),
    };
  };
}

export interface LocalPipelineOptions {
  readonly account: LocalAccount;
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
 * The deployed event path in one process for `vigil local`: events → references (the ingest mapping) → a queue
 * delayed by the coalescing window → the evaluator (the same store code, on an embedded table) → the table's
 * stream → the publish logic → notify (claims and threads in the same table) → Slack or the console.
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
  /** Post remediation plans for the findings that open from now on (off during the first sweep: one digest). */
  proposeRemediations = false;

  constructor(options: LocalPipelineOptions) {
    this.#options = options;
    const { table } = options;
    this.#stream = new LocalTableStream(`arn:aws:dynamodb:local:${options.account.account}:table/${table.tableName}`);
    this.#evaluator = new Evaluator({
      store: new FindingsStore(this.#stream.wrap(table.client), table.tableName),
      config: options.config,
      read: options.account.read,
      readOptions: { region: "local" },
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
      read: options.account.read,
      readOptions: { region: "local" },
      execute: async () => {
        throw new Error("vigil local changes nothing");
      },
      post: threadPoster(options.slack, new AlertThreads(table.client, table.tableName), (error) => {
        throw error;
      }),
      channelsOf: (detail) => alertChannels(detail, options.routing, true),
    });
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

  /** Puts one evaluation message on the local queue, due after `delayMs`. */
  enqueue(message: EvaluationMessage, delayMs = 0): void {
    const done = new Promise<void>((resolve) => setTimeout(resolve, delayMs))
      .then(() => this.#evaluate(message))
      .finally(() => this.#pending.delete(done));
    this.#pending.add(done);
  }

  /** Resolves when every queued evaluation and its alerts are done. */
  async drain(): Promise<void> {
    while (this.#pending.size > 0) await Promise.all([...this.#pending]);
  }

  async #evaluate(message: EvaluationMessage): Promise<void> {
    const evaluation = await this.#evaluator.evaluate(message);
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
    if (this.proposeRemediations) for (const detail of details) await this.#remediator.onFinding(detail);
  }
}
