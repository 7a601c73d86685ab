import type {
  AuditLog,
  BudgetClaim,
  LiveReadResult,
  PlanExecution,
  RemediationBudget,
  RemediationRecords,
  StoredExemption,
  TargetedReadOptions,
  TargetRef,
} from "@vigil/aws";
import {
  type AnyRemediationPlanner,
  type AuditEntry,
  type Exemption,
  evaluate,
  type FindingEventDetail,
  isOpening,
  nextStep,
  type PlannedCall,
  REMEDIATIONS,
  type RemediationConfig,
  type RemediationControls,
  type RemediationMode,
  type RemediationPlan,
  type RemediationRecord,
  type RemediationRef,
  type RemediationStep,
  type ResolvedConfig,
  ResourceModel,
  type RuleResult,
  runtimeMode,
  type SkipReason,
} from "@vigil/core";

export interface RemediatorOptions {
  readonly config: RemediationConfig;
  /** The rules and vigil.config.ts's exemptions, as the evaluator runs them. */
  readonly rules: ResolvedConfig;
  readonly records: Pick<
    RemediationRecords,
    "create" | "get" | "move" | "lastRemediation" | "markRemediated" | "claimBudget"
  >;
  readonly controls: { read(): Promise<RemediationControls> };
  readonly exemptions: { list(): Promise<StoredExemption[]> };
  readonly audit: Pick<AuditLog, "append">;
  /** Reads the resource's live state (`readTargeted` in production). */
  readonly read: (ref: TargetRef, options: TargetedReadOptions) => Promise<LiveReadResult>;
  readonly readOptions: TargetedReadOptions;
  /** Carries out a plan's calls in the resource's region. */
  readonly execute: (calls: readonly PlannedCall[], region: string) => Promise<PlanExecution>;
  /** Posts a record's message in the thread of the finding's alert, in each of its channels. */
  readonly post: (record: RemediationRecord) => Promise<void>;
  /** Routes a finding event to Slack channels (`""`: the webhook's own). */
  readonly channelsOf: (detail: FindingEventDetail) => readonly string[];
  readonly clock?: () => Date;
}

/** What handling one message led to, for logs, metrics and tests. */
export type RemediationOutcome =
  | { readonly outcome: "not-remediable" | "off" | "duplicate" | "not-approved" }
  | { readonly outcome: RemediationRecord["status"]; readonly record: RemediationRecord };

/** Skips a person should hear about; the others (gone, already fixed, exempted) notify already announces. */
const POSTED_SKIPS: ReadonlySet<SkipReason> = new Set([
  "never-tag",
  "no-plan",
  "loop-guard",
  "plan-changed",
  "not-approvable",
]);

const AUTO_APPROVER = "vigil (auto)";

/**
 * The remediate function's logic. A finding that opens gets a remediation record, decided on the live state read
 * right then: skipped (and why), proposed (dry-run), awaiting approval, or applied (auto). An approval recorded by
 * slack-actions comes back here and is applied only if the live state still yields the approved plan. Applying
 * takes from the hourly budget, marks the resource for the loop guard, makes the calls, reads the state again,
 * and writes an audit entry with the state before and after and the calls that undo it. Every record is created
 * or moved conditionally, so a redelivered message changes nothing twice.
 */
export class Remediator {
  readonly #options: RemediatorOptions;

  constructor(options: RemediatorOptions) {
    this.#options = options;
  }

  async onFinding(detail: FindingEventDetail): Promise<RemediationOutcome> {
    const planner = plannerOf(detail.rule.id);
    if (!planner || !isOpening(detail.transition)) return { outcome: "not-remediable" };
    const { mode } = runtimeMode(planner, this.#options.config, await this.#options.controls.read());
    if (mode === "off") return { outcome: "off" };
    const { finding } = detail;
    const ref: RemediationRef = {
      resourceId: finding.resourceId,
      ruleId: finding.ruleId,
      observedAt: finding.observedAt,
    };
    if (await this.#options.records.get(ref)) return { outcome: "duplicate" };
    const base = {
      ref,
      mode,
      resourceName: finding.resourceName ?? finding.resourceId,
      channels: this.#options.channelsOf(detail),
    };
    const target: TargetRef = { kind: finding.resourceKind ?? planner.kind, arn: ref.resourceId };
    const step = await this.#decide(planner, ref, target, mode);
    const now = this.#now();
    switch (step.step) {
      case "skip":
        return this.#open({ ...base, status: "skipped", detail: step.detail, updatedAt: now }, step.reason);
      case "propose":
        return this.#open({ ...base, status: "proposed", plan: step.plan, updatedAt: now });
      case "request-approval":
        return this.#open({ ...base, status: "awaiting-approval", plan: step.plan, updatedAt: now });
      case "apply": {
        const applying: RemediationRecord = { ...base, status: "applying", plan: step.plan, updatedAt: now };
        if (!(await this.#options.records.create(applying))) return { outcome: "duplicate" };
        return this.#apply(applying, "created", target);
      }
    }
  }

  /** slack-actions recorded an Approve: apply the plan if the live state still yields it. */
  async onApproval(ref: RemediationRef): Promise<RemediationOutcome> {
    const record = await this.#options.records.get(ref);
    const planner = plannerOf(ref.ruleId);
    if (record?.status !== "approved" || !planner) return { outcome: "not-approved" };
    const { mode } = runtimeMode(planner, this.#options.config, await this.#options.controls.read());
    const target: TargetRef = { kind: planner.kind, arn: ref.resourceId };
    const step = await this.#decide(planner, ref, target, mode, record.plan);
    const now = this.#now();
    if (step.step !== "apply") {
      const detail = step.step === "skip" ? step.detail : "nothing to apply";
      const skipped: RemediationRecord = { ...record, status: "skipped", plan: record.plan, detail, updatedAt: now };
      if (!(await this.#options.records.move(skipped, ["approved"]))) return { outcome: "duplicate" };
      await this.#options.post(skipped);
      return { outcome: "skipped", record: skipped };
    }
    const applying: RemediationRecord = {
      ...record,
      status: "applying",
      plan: step.plan,
      decision: record.decision,
      updatedAt: now,
    };
    return this.#apply(applying, ["approved"], target);
  }

  /** Reads the live state and decides on it. */
  async #decide(
    planner: AnyRemediationPlanner,
    ref: RemediationRef,
    target: TargetRef,
    mode: RemediationMode,
    approved?: RemediationPlan,
  ): Promise<RemediationStep> {
    const { read, readOptions, config } = this.#options;
    const state = await read(target, readOptions);
    // A part that could not be read leaves values unknown, and a rule on them never fails: that would read as
    // "already fixed". Retried instead (the queue's redrive, then its DLQ), like the evaluator's transient reads.
    if (state.errors.length > 0) throw new LiveStateUnreadableError(ref, state.errors);
    const resource = state.resources.find((r) => r.id === ref.resourceId);
    const verdict = resource ? await this.#verdict(state, ref) : undefined;
    return nextStep(
      {
        planner,
        mode,
        resource,
        failing: verdict?.status === "fail",
        ...(verdict?.exemption && { exemption: verdict.exemption }),
        observedAt: ref.observedAt,
        ...(await this.#lastRemediation(ref.resourceId)),
        loopWindowMs: config.loopWindowMinutes * 60_000,
        settings: config,
        now: new Date(this.#now()),
      },
      approved,
    );
  }

  async #lastRemediation(resourceId: string) {
    const last = await this.#options.records.lastRemediation(resourceId);
    return last ? { lastRemediation: last } : {};
  }

  /** The rule's result on the resource as just read, with the exemptions in force now. */
  async #verdict(
    state: LiveReadResult,
    ref: Pick<RemediationRef, "resourceId" | "ruleId">,
  ): Promise<RuleResult | undefined> {
    const { rules } = this.#options;
    const stored: Exemption[] = await this.#options.exemptions.list();
    const report = evaluate(
      new ResourceModel(state.resources),
      {
        rules: rules.rules.filter((resolved) => resolved.rule.id === ref.ruleId),
        exemptions: [...rules.exemptions, ...stored],
        settings: rules.settings,
      },
      { now: new Date(this.#now()) },
    );
    const results = report.results.filter((result) => result.resourceId === ref.resourceId);
    return results.find((result) => result.status === "fail") ?? results[0];
  }

  /** Creates an opening record and posts it (a redelivered event finds it and stops). */
  async #open(record: RemediationRecord, skipped?: SkipReason): Promise<RemediationOutcome> {
    if (!(await this.#options.records.create(record))) return { outcome: "duplicate" };
    if (!skipped || POSTED_SKIPS.has(skipped)) await this.#options.post(record);
    return { outcome: record.status, record };
  }

  /**
   * Applies a plan whose record is `applying`: created so (auto), or moved there now from `from` (an approval),
   * which a second delivery cannot do again. Then the budget, the loop-guard mark, the calls, a fresh read, the
   * audit entry and the result in the thread.
   */
  async #apply(
    applying: Extract<RemediationRecord, { status: "applying" }>,
    from: "created" | readonly RemediationRecord["status"][],
    target: TargetRef,
  ): Promise<RemediationOutcome> {
    const { records, config } = this.#options;
    const { ref, plan } = applying;
    if (from !== "created" && !(await records.move(applying, from))) return { outcome: "duplicate" };
    const now = new Date(this.#now());
    const claim = await records.claimBudget(ref.ruleId, config.budget, now);
    if (claim !== "claimed") {
      const deferred: RemediationRecord = {
        ...applying,
        status: "deferred",
        detail: budgetDetail(claim, config.budget, ref.ruleId),
        updatedAt: now.toISOString(),
      };
      await records.move(deferred, ["applying"]);
      await this.#options.post(deferred);
      return { outcome: "deferred", record: deferred };
    }
    await records.markRemediated(ref.resourceId, ref.ruleId, now);
    const execution = await this.#options.execute(plan.calls, regionOf(ref.resourceId, this.#options.readOptions));
    const after = await this.#afterState(ref, target);
    const approvedBy = applying.decision?.by ?? AUTO_APPROVER;
    const done: RemediationRecord = {
      ...applying,
      status: execution.status,
      detail:
        execution.status === "applied"
          ? `${plan.calls.length} call(s) made; ${after ? `the rule now says: ${after.message}` : "re-read pending"}`
          : `${execution.failed.operation} failed after ${execution.completed.length} call(s): ${errorText(execution.error)}`,
      updatedAt: new Date(this.#now()).toISOString(),
    };
    const entry: AuditEntry = {
      action: execution.status === "applied" ? "remediation-applied" : "remediation-failed",
      at: now.toISOString(),
      actor: AUTO_APPROVER,
      ref,
      approvedBy,
      why: `${ref.ruleId} failed on ${applying.resourceName} (read at ${ref.observedAt}); mode ${applying.mode}`,
      calls: execution.status === "applied" ? plan.calls : [...execution.completed, execution.failed],
      before: plan.changes,
      ...(after && { after: { status: after.status, message: after.message, evidence: after.evidence } }),
      // What undoes the calls actually made: all of them, or the ones before the failure.
      undo: execution.status === "applied" ? plan.undo : plan.undo.slice(0, execution.completed.length),
      ...(execution.status === "failed" && { error: errorText(execution.error) }),
    };
    await this.#options.audit.append(entry);
    await records.move(done, ["applying"]);
    await this.#options.post(done);
    return { outcome: done.status, record: done };
  }

  /** The rule's verdict after the change; a read that fails only leaves the audit without it. */
  async #afterState(ref: RemediationRef, target: TargetRef): Promise<RuleResult | undefined> {
    try {
      return await this.#verdict(await this.#options.read(target, this.#options.readOptions), ref);
    } catch {
      return undefined;
    }
  }

  #now(): string {
    return (this.#options.clock?.() ?? new Date()).toISOString();
  }
}

/** The live state could not be read whole right before acting: nothing is decided, the message is retried. */
export class LiveStateUnreadableError extends Error {
  override name = "LiveStateUnreadableError";
  constructor(
    readonly ref: RemediationRef,
    readonly readErrors: LiveReadResult["errors"],
  ) {
    super(`cannot read ${ref.resourceId} whole: ${readErrors.map((e) => `${e.action} ${e.kind}`).join(", ")}`);
  }
}

export const plannerOf = (ruleId: string) => REMEDIATIONS.find((planner) => planner.ruleId === ruleId);

function budgetDetail(claim: Exclude<BudgetClaim, "claimed">, budget: RemediationBudget, ruleId: string): string {
  const spent =
    claim === "rule-exhausted"
      ? `${ruleId}'s budget of ${budget.perRulePerHour} change(s) per hour`
      : `the budget of ${budget.perHour} change(s) per hour`;
  return `not applied: ${spent} is spent; nothing changed (raise remediation.budget or fix it by hand)`;
}

/** The resource's region from its ARN; IAM's global ARNs take the home region. */
function regionOf(arn: string, options: TargetedReadOptions): string {
  const home = typeof options.region === "string" ? options.region : options.region[0];
  return arn.split(":")[3] || home || "us-east-1";
}

function errorText(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
