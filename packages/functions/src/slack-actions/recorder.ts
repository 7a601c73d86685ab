import type { AuditLog, ExemptionStore, RemediationRecords } from "@vigil/aws";
import {
  type PersonDecision,
  type RemediationDecision,
  type RemediationRecord,
  type RemediationRef,
  SLACK_EXEMPTION_DAYS,
} from "@vigil/core";

/** One click, verified and authorised. */
export interface DecisionInput {
  readonly decision: RemediationDecision;
  readonly ref: RemediationRef;
  readonly user: { readonly id: string; readonly name?: string };
  readonly at: Date;
}

export type DecisionOutcome = "recorded" | "already-decided" | "not-found";

/** What recording led to, and the remediation as it stands now (absent when there is none). */
export interface DecisionResult {
  readonly outcome: DecisionOutcome;
  readonly record?: RemediationRecord;
}

const STATUS_OF: Readonly<Record<RemediationDecision, "approved" | "exempted" | "ignored">> = {
  approve: "approved",
  exempt: "exempted",
  ignore: "ignored",
};

const DAY_MS = 86_400_000;

/**
 * Records a person's decision on a remediation awaiting approval, once: the record moves only from
 * `awaiting-approval`, so a second click, a second approver or a replay finds it decided. Approve hands the
 * remediation to the remediator (which re-reads the live state before acting); Exempt grants a 30-day exemption;
 * Ignore closes it. Each is audited.
 */
export class TableDecisionRecorder {
  constructor(
    private readonly records: Pick<RemediationRecords, "get" | "move">,
    private readonly exemptions: Pick<ExemptionStore, "grant">,
    private readonly audit: Pick<AuditLog, "append">,
    /** Puts the approval on the remediate queue. */
    private readonly sendApproval: (ref: RemediationRef) => Promise<void>,
  ) {}

  async record({ decision, ref, user, at }: DecisionInput): Promise<DecisionResult> {
    const record = await this.records.get(ref);
    if (!record) return { outcome: "not-found" };
    if (record.status !== "awaiting-approval") return { outcome: "already-decided", record };
    const person: PersonDecision = {
      decision,
      by: user.id,
      ...(user.name && { byName: user.name }),
      at: at.toISOString(),
    };
    const decided: RemediationRecord = {
      ...record,
      status: STATUS_OF[decision],
      decision: person,
      updatedAt: at.toISOString(),
    };
    if (!(await this.records.move(decided, ["awaiting-approval"]))) {
      const current = await this.records.get(ref);
      return { outcome: "already-decided", ...(current && { record: current }) };
    }

    if (decision === "approve") {
      try {
        await this.sendApproval(ref);
      } catch (error) {
        // Nothing will apply it: undo the decision, so that the button works again.
        await this.records.move(record, ["approved"]);
        throw error;
      }
    }
    if (decision === "exempt") {
      await this.exemptions.grant({
        resource: ref.resourceId,
        rule: ref.ruleId,
        reason: `exempted from Slack by ${user.name ?? user.id} instead of remediating`,
        expires: new Date(at.getTime() + SLACK_EXEMPTION_DAYS * DAY_MS).toISOString(),
        by: user.id,
        grantedAt: at.toISOString(),
        source: "slack",
      });
    } else {
      await this.audit.append({
        action: decision === "approve" ? "remediation-approved" : "remediation-ignored",
        at: at.toISOString(),
        actor: user.id,
        ref,
      });
    }
    return { outcome: "recorded", record: decided };
  }
}
