import type { FindingsStore } from "@vigil/aws";
import { type Exemption, type Finding, matchingExemption, type ResourceKind } from "@vigil/core";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";

/** Why a reconciled reference is evaluated: the `reason` its messages carry. */
export const EXEMPTION_REASON = "vigil:exemption-changed";

/** Why a finding needs a fresh evaluation now that the exemptions changed. */
export type ExemptionChange = "expired" | "revoked" | "granted";

export interface ReconcileInput {
  readonly findings: Pick<FindingsStore, "query">;
  /** Every exemption in force or not: vigil.config.ts's and the stored ones. */
  readonly exemptions: readonly Exemption[];
  /** The account the references belong to (ARNs of S3 and some others carry none). */
  readonly account: string;
  readonly now: Date;
}

const sameExemption = (a: Exemption, b: Exemption) =>
  a.rule === b.rule && a.resource === b.resource && a.expires === b.expires && a.reason === b.reason;

/**
 * The findings the exemptions no longer describe, as evaluation messages: an exempted finding whose exemption
 * expired or was revoked (its evaluation reopens it, and notify alerts `exemption-expired`), and a failing finding
 * an exemption granted since covers (its evaluation closes it as exempted). The evaluation, not this job, decides:
 * it reads live state and applies the same exemptions.
 */
export async function reconcileExemptions(input: ReconcileInput): Promise<Reconciliation> {
  const { findings, exemptions, now } = input;
  const messages = new Map<string, EvaluationMessage>();
  const changes: Record<ExemptionChange, number> = { expired: 0, revoked: 0, granted: 0 };
  const add = (change: ExemptionChange, finding: Finding) => {
    changes[change]++;
    // One evaluation per resource covers all of its rules.
    if (!finding.resourceKind || messages.has(finding.resourceId)) return;
    messages.set(finding.resourceId, messageFor(finding, finding.resourceKind, input.account, now));
  };
  for (const finding of await findings.query({ status: "exempted" })) {
    const held = finding.exemption;
    if (!held) continue;
    if (!exemptions.some((exemption) => sameExemption(exemption, held))) add("revoked", finding);
    else if (Date.parse(held.expires) <= now.getTime()) add("expired", finding);
  }
  for (const finding of await findings.query({ status: "failing" })) {
    const aliases = [finding.resourceId, ...(finding.resourceName ? [finding.resourceName] : [])];
    if (matchingExemption(exemptions, finding.ruleId, aliases, now)) add("granted", finding);
  }
  return { messages: [...messages.values()], changes };
}

export interface Reconciliation {
  /** One evaluation message per resource concerned (findings without a kind cannot be read and are left). */
  readonly messages: readonly EvaluationMessage[];
  /** Findings per kind of change, for the log and metrics. */
  readonly changes: Readonly<Record<ExemptionChange, number>>;
}

function messageFor(finding: Finding, kind: ResourceKind, account: string, now: Date): EvaluationMessage {
  const [, , , region = "", arnAccount = ""] = finding.resourceId.split(":");
  return {
    kind,
    arn: finding.resourceId,
    account: /^\d{12}$/.test(arnAccount) ? arnAccount : account,
    region,
    reason: EXEMPTION_REASON,
    eventTime: now.toISOString(),
  };
}
