import type { Evidence } from "../engine/rule.ts";
import type { PlannedCall, RemediationMode, RemediationPlan } from "./plan.ts";
import type { RemediationDecision, RemediationRef } from "./reference.ts";

/**
 * Where one remediation stands. `awaiting-approval` is the only state a Slack decision can move; `approved` waits
 * for the remediator; the others are final.
 */
export type RemediationRecord =
  | (RecordBase & { readonly status: "proposed" | "awaiting-approval"; readonly plan: RemediationPlan })
  | (RecordBase & { readonly status: "approved"; readonly plan: RemediationPlan; readonly decision: PersonDecision })
  /** The calls are under way (or a crash interrupted them: never retried on its own, the audit says how far). */
  | (RecordBase & { readonly status: "applying"; readonly plan: RemediationPlan; readonly decision?: PersonDecision })
  | (RecordBase & {
      readonly status: "ignored" | "exempted";
      readonly plan: RemediationPlan;
      readonly decision: PersonDecision;
    })
  | (RecordBase & {
      readonly status: "applied" | "failed";
      readonly plan: RemediationPlan;
      readonly decision?: PersonDecision;
      readonly detail: string;
    })
  | (RecordBase & {
      readonly status: "skipped" | "deferred";
      readonly plan?: RemediationPlan;
      readonly detail: string;
    });

export type RemediationStatus = RemediationRecord["status"];

interface RecordBase {
  readonly ref: RemediationRef;
  readonly mode: RemediationMode;
  /** For the messages: the finding's resource name and the Slack channels its alert went to. */
  readonly resourceName: string;
  readonly channels: readonly string[];
  readonly updatedAt: string;
}

/** A person's answer to an approval request. */
export interface PersonDecision {
  readonly decision: RemediationDecision;
  /** Slack user id (or the CLI's `--by`). */
  readonly by: string;
  readonly byName?: string;
  readonly at: string;
}

/** What the audit trail keeps: every change Vigil made or was told to make, with enough to undo it. */
export type AuditEntry =
  | (AuditBase & {
      readonly action: "remediation-applied" | "remediation-failed";
      readonly ref: RemediationRef;
      /** Who approved it, or `vigil (auto)`. */
      readonly approvedBy: string;
      readonly why: string;
      readonly calls: readonly PlannedCall[];
      /** The changes as planned from the state read right before acting. */
      readonly before: RemediationPlan["changes"];
      /** The rule's verdict on the state read right after acting. */
      readonly after?: { readonly status: string; readonly message: string; readonly evidence: readonly Evidence[] };
      readonly undo: readonly PlannedCall[];
      readonly error?: string;
    })
  | (AuditBase & {
      readonly action: "remediation-approved" | "remediation-ignored";
      readonly ref: RemediationRef;
    })
  | (AuditBase & {
      readonly action: "exemption-granted" | "exemption-revoked";
      readonly resourceId: string;
      readonly ruleId: string;
      readonly reason: string;
      readonly expires?: string;
    })
  | (AuditBase & {
      readonly action: "mode-set";
      readonly ruleId: string;
      /** `config`: the override was dropped, vigil.config.ts's mode applies again. */
      readonly mode: RemediationMode | "config";
      readonly reason?: string;
    })
  | (AuditBase & { readonly action: "kill-switch"; readonly engaged: boolean; readonly reason?: string });

interface AuditBase {
  readonly at: string;
  /** Who did it: a Slack user id, a CLI `--by`, or the remediator. */
  readonly actor: string;
}

export type AuditAction = AuditEntry["action"];
