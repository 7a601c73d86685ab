import type {
  ContextLinks,
  FindingsStore,
  LiveReadResult,
  ReadError,
  RecordOutcome,
  TargetedReadOptions,
  TargetRef,
} from "@vigil/aws";
import {
  type ContextRelation,
  contextFor,
  dependantKinds,
  dependantsOf,
  type Exemption,
  evaluate,
  type FindingStatus,
  type KindAndArn,
  RELATIONS,
  type ResolvedConfig,
  type ResourceKind,
  ResourceModel,
  type RuleResult,
  wholeKindOf,
  withNeeded,
} from "@vigil/core";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";

/** Reads one referenced resource and its neighbours from the live APIs (`readTargeted` in production). */
export type TargetedReader = (ref: TargetRef, options: TargetedReadOptions) => Promise<LiveReadResult>;

export interface EvaluatorOptions {
  readonly store: FindingsStore;
  readonly config: ResolvedConfig;
  readonly read: TargetedReader;
  /** Options of every read: the home region (for ARNs without one), clients, rates. */
  readonly readOptions: TargetedReadOptions;
  /**
   * Exemptions granted at run time (`vigil exempt`, Slack), applied with vigil.config.ts's; read per evaluation,
   * so production passes a short-lived cache of the table's.
   */
  readonly exemptions?: () => Promise<readonly Exemption[]>;
  readonly clock?: () => Date;
  /**
   * Re-checking dependants: the context links of past evaluations and the evaluation queue to put their messages
   * on. Absent, an evaluation re-checks only what its message names.
   */
  readonly dependants?: {
    readonly links: Pick<ContextLinks, "record" | "dependantsOf">;
    readonly enqueue: (messages: readonly EvaluationMessage[]) => Promise<void>;
  };
}

/** What one message led to, for logs and metrics. */
export type EvaluationOutcome = Evaluation | Coalesced;

/** The resource was read after the event happened: that read already saw the change, nothing to do. */
export interface Coalesced {
  readonly coalesced: true;
  /** The last read of the resource, at or after the message's event time. */
  readonly lastRead: string;
}

export interface Evaluation {
  readonly coalesced?: false;
  /** The referenced resources evaluated (empty when they are gone). */
  readonly resources: readonly string[];
  /** Their results as recorded (read errors already applied). */
  readonly results: readonly RuleResult[];
  /** Referenced resources the read found deleted: their findings became `gone`. */
  readonly gone: readonly string[];
  readonly outcome: RecordOutcome;
  /** When the live state was read: the time every recorded finding carries. */
  readonly observedAt: Date;
  readonly readErrors: readonly ReadError[];
}

/** Resources whose last read an evaluator keeps in memory (a few hundred KB at most). */
const REMEMBERED_READS = 10_000;

/** Read failures that a later attempt may not meet: throttling that outlasted the retries, 5xx, network errors. */
const TRANSIENT_READ_ERRORS: ReadonlySet<ReadError["kind"]> = new Set(["throttled", "unreachable", "failed"]);

/**
 * Part of the read failed for a passing reason: the message is retried (SQS redelivers it, then parks it on the
 * DLQ) rather than recording "cannot evaluate" for a state that a second read will see.
 */
export class TransientReadError extends Error {
  override name = "TransientReadError";
  constructor(
    readonly arn: string,
    readonly readErrors: readonly ReadError[],
  ) {
    super(`reading ${arn} failed for now: ${readErrors.map((e) => `${e.action} ${e.kind}`).join(", ")}`);
  }
}

/** The referenced resource could not be read at all: retrying beats guessing that it is gone. */
export class UnreadableResourceError extends Error {
  override name = "UnreadableResourceError";
  constructor(
    readonly arn: string,
    readonly readErrors: readonly ReadError[],
  ) {
    super(`cannot read ${arn}: ${readErrors.map((e) => `${e.action} ${e.kind}`).join(", ")}`);
  }
}

/**
 * The evaluate function's logic: an evaluation-queue message names a resource; the evaluator reads its current
 * state (events are hints, live state is truth), runs the rules, and records the referenced resources' results in
 * the findings store at the read time.
 *
 * A read that failed in part never yields a pass: a rule that reads an unread value says `undetermined` (which
 * keeps an open finding open), and each pass or not-applicable of the referenced resources becomes an `error` naming
 * the failed reads. Failures stand: rules fail only on values they read. A resource that could not be read at all
 * fails the message (retried, then dead-lettered) instead of being marked gone.
 */
export class Evaluator {
  readonly #options: EvaluatorOptions;

  constructor(options: EvaluatorOptions) {
    this.#options = options;
  }

  /**
   * Evaluates the message's resource, unless its state was already read after the event happened: a burst of
   * events about one resource, delayed by the coalescing window, costs one read, however often it is reported.
   */
  async evaluate(message: EvaluationMessage): Promise<EvaluationOutcome> {
    const { store } = this.#options;
    const eventTime = Date.parse(message.eventTime);
    // This execution environment's own reads answer most repeats without a table read; the table has the rest.
    const remembered = this.#lastReads.get(message.arn);
    const lastRead =
      remembered !== undefined && remembered >= eventTime ? remembered : await this.#storedRead(message.arn);
    if (lastRead !== undefined && lastRead >= eventTime) {
      return { coalesced: true, lastRead: new Date(lastRead).toISOString() };
    }
    const evaluation = await this.#readAndRecord(message);
    await store.markRead(message.arn, evaluation.observedAt);
    this.#remember(message.arn, evaluation.observedAt.getTime());
    return evaluation;
  }

  /** Last read times seen by this evaluator, newest last; bounded, the table remains the reference. */
  readonly #lastReads = new Map<string, number>();

  async #storedRead(arn: string): Promise<number | undefined> {
    const stored = await this.#options.store.lastRead(arn);
    if (stored === undefined) return undefined;
    const time = Date.parse(stored);
    this.#remember(arn, time);
    return time;
  }

  #remember(arn: string, time: number): void {
    if ((this.#lastReads.get(arn) ?? Number.NEGATIVE_INFINITY) > time) return;
    this.#lastReads.delete(arn);
    this.#lastReads.set(arn, time);
    if (this.#lastReads.size > REMEMBERED_READS) {
      const oldest = this.#lastReads.keys().next().value;
      if (oldest !== undefined) this.#lastReads.delete(oldest);
    }
  }

  /** The relations the enabled rules declare for a kind, computed once per kind. */
  readonly #contexts = new Map<ResourceKind, Set<ContextRelation>>();

  #contextOf(kind: ResourceKind): Set<ContextRelation> {
    let context = this.#contexts.get(kind);
    if (!context) {
      context = contextFor(this.#enabledRules(), kind);
      this.#contexts.set(kind, context);
    }
    return context;
  }

  /** The kinds the enabled rules on `kind` read as its context. */
  #contextKindsOf(kind: ResourceKind): Set<ResourceKind> {
    return new Set([...withNeeded(this.#contextOf(kind))].flatMap((relation) => RELATIONS[relation].neighbourKinds));
  }

  #enabledRules() {
    return this.#options.config.rules.map((configured) => configured.rule);
  }

  async #readAndRecord(message: EvaluationMessage): Promise<Evaluation> {
    const { store, config, read, readOptions } = this.#options;
    const clock = this.#options.clock ?? (() => new Date());
    const ref = { kind: message.kind, arn: message.arn };
    const state = await read(ref, { ...readOptions, context: this.#contextOf(message.kind) });
    const transient = state.errors.filter((error) => TRANSIENT_READ_ERRORS.has(error.kind));
    if (transient.length > 0) throw new TransientReadError(message.arn, transient);
    const observedAt = new Date(state.readAt);
    const subject = state.subject;

    if (!subject) {
      // Gone only on the read's word: a failed read of the resource is retried, never taken for a deletion.
      if (state.errors.length > 0) throw new UnreadableResourceError(message.arn, state.errors);
      const outcome = await store.markGone(message.arn, observedAt, clock());
      await this.#recheckDependants(message, ref, new ResourceModel([]), undefined);
      return { resources: [], results: [], gone: [message.arn], outcome, observedAt, readErrors: [] };
    }

    const model = new ResourceModel(state.resources, state.coverage);
    const subjects = state.coverage.scope === "neighbourhood" ? state.coverage.subjects : new Set<string>([subject.id]);
    const granted = (await this.#options.exemptions?.()) ?? [];
    const exemptions = granted.length > 0 ? [...config.exemptions, ...granted] : config.exemptions;
    const report = evaluate(model, { ...config, exemptions }, { now: clock() });
    const kept = report.results.filter((result) => subjects.has(result.resourceId));
    const results = state.errors.length > 0 ? kept.map((result) => withReadErrors(result, state.errors)) : kept;
    const outcome = await store.record(results, observedAt, clock());
    await this.#recheckDependants(message, { kind: subject.kind, arn: subject.arn }, model, subjects);
    return { resources: [...subjects], results, gone: [], outcome, observedAt, readErrors: state.errors };
  }

  /**
   * After an evaluation of `subject`: remembers what it read as context, and re-checks what a change to it may
   * affect — the resources a fresh read links to it (`dependantsOf`) and those that read it as context at their
   * last evaluation. Dependants carry the event's time (coalescing holds per resource) and fan out no further.
   */
  async #recheckDependants(
    message: EvaluationMessage,
    subject: KindAndArn,
    model: ResourceModel,
    subjects: ReadonlySet<string> | undefined,
  ): Promise<void> {
    const { dependants } = this.#options;
    if (!dependants) return;
    // Only what the subject's rules read as context makes it a dependant: a read also returns what a change to
    // the subject may affect (a policy's roles and functions), which no rule on the subject reads.
    const readAsContext = this.#contextKindsOf(subject.kind);
    const neighbours = subjects
      ? model.resources
          .filter((r) => !subjects.has(r.id) && (readAsContext.has(r.kind) || readAsContext.has(wholeKindOf(r.kind))))
          .map((r) => r.arn)
      : [];
    await dependants.links.record(subject, neighbours);
    if (message.dependantOf !== undefined) return;
    const found = new Map<string, KindAndArn>();
    const live = model.get(subject.arn);
    if (live) for (const ref of dependantsOf(model, live, this.#enabledRules())) found.set(ref.arn, ref);
    const mayDepend = dependantKinds(this.#enabledRules(), subject.kind);
    for (const arn of new Set([subject.arn, message.arn])) {
      for (const ref of await dependants.links.dependantsOf(arn)) if (mayDepend.has(ref.kind)) found.set(ref.arn, ref);
    }
    found.delete(subject.arn);
    if (found.size === 0) return;
    await dependants.enqueue(
      [...found.values()].map((ref) => ({
        kind: ref.kind,
        arn: ref.arn,
        account: message.account,
        region: ref.arn.split(":")[3] ?? "",
        reason: `${message.reason} (re-checked as a dependant of ${subject.arn})`,
        eventTime: message.eventTime,
        dependantOf: subject.arn,
      })),
    );
  }
}

const UNTRUSTED_WHEN_PARTIAL: ReadonlySet<FindingStatus> = new Set(["pass", "not_applicable"]);

function withReadErrors(result: RuleResult, errors: readonly ReadError[]): RuleResult {
  if (!UNTRUSTED_WHEN_PARTIAL.has(result.status)) return result;
  const failed = [...new Set(errors.map((error) => `${error.action} ${error.kind}`))].join(", ");
  return { ...result, status: "error", message: `live state partly unreadable (${failed})`, evidence: [] };
}
