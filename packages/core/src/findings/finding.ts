import type { Exemption } from "../engine/config.ts";
import type { RuleResult } from "../engine/engine.ts";
import type { Evidence, Severity } from "../engine/rule.ts";
import type { ResourceKind } from "../model/resources.ts";
import { isUnknown } from "../model/value.ts";

/**
 * Where a finding stands. `passing` also covers `not_applicable` results (the failing condition no longer holds);
 * `undetermined` is a rule that could not decide (an input it needs is unknown); `gone` is a deleted resource.
 */
export const FINDING_STATES = ["failing", "passing", "exempted", "undetermined", "error", "gone"] as const;
export type FindingState = (typeof FINDING_STATES)[number];

/** The current state of one rule on one resource: one per (resource, rule). */
export interface Finding {
  readonly resourceId: string;
  readonly ruleId: string;
  readonly resourceKind?: ResourceKind;
  readonly resourceName?: string;
  /** The resource's tags when it has any, for routing alerts by team or environment. */
  readonly resourceTags?: Readonly<Record<string, string>>;
  readonly status: FindingState;
  readonly severity: Severity;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** The exemption hiding the failure, while `exempted`. */
  readonly exemption?: Exemption;
  /** Read time of the evaluation that started this finding's life (a deleted and recreated resource starts anew). */
  readonly firstSeen: string;
  /** Read time of the newest evaluation that saw the resource; a `gone` finding keeps the last one before deletion. */
  readonly lastSeen: string;
  /** Read time of the evaluation that moved the finding into its current status (or severity). */
  readonly lastChanged: string;
  /** Read time of the newest evaluation written: the store refuses anything not newer than this. */
  readonly observedAt: string;
  /** Incremented by each write. */
  readonly version: number;
}

/** The resource no longer exists: every finding on it becomes `gone`. */
export interface ResourceGone {
  readonly status: "gone";
  readonly resourceId: string;
  readonly ruleId: string;
}

/** What an evaluation saw for one (resource, rule). */
export type Observation = RuleResult | ResourceGone;

/** Alert-worthy events; `none` is a repeat (or a change that carries no news, such as a first passing result). */
export const TRANSITION_KINDS = [
  "new-failure",
  "regression",
  "resolved",
  "severity-changed",
  "exemption-expired",
  "exempted",
  "error",
  "gone",
  "none",
] as const;
export type TransitionKind = (typeof TRANSITION_KINDS)[number];

export type Transition =
  /** Older than (or as old as) the stored state: refused, nothing to write. */
  | { readonly kind: "stale"; readonly previous: Finding }
  | {
      readonly kind: TransitionKind;
      readonly previous?: Finding;
      readonly finding: Finding;
      /** False when nothing needs writing (a repeat inside the heartbeat interval). */
      readonly write: boolean;
    };

export interface TransitionOptions {
  /** A repeat rewrites the finding (lastSeen, refreshed message and evidence) only this long after the last write. */
  readonly heartbeatMs?: number;
  /** How far in the future a read time may be before it is rejected as a clock error. */
  readonly maxClockSkewMs?: number;
}

export const DEFAULT_HEARTBEAT_MS = 6 * 60 * 60 * 1000;
const DEFAULT_MAX_CLOCK_SKEW_MS = 5 * 60 * 1000;

/** A read time ahead of the clock would lock the finding against every real evaluation until that time. */
export class FutureObservationError extends Error {
  override name = "FutureObservationError";
}

export function stateOf(observation: Observation): FindingState {
  switch (observation.status) {
    case "fail":
      return observation.exemption ? "exempted" : "failing";
    case "pass":
    case "not_applicable":
      return "passing";
    case "undetermined":
      return "undetermined";
    case "error":
      return "error";
    case "gone":
      return "gone";
  }
}

/** Which transition moving from `from` to `to` is; severity only matters between two failing states. */
export function transitionKind(
  from: Pick<Finding, "status" | "severity"> | undefined,
  to: Pick<Finding, "status" | "severity">,
): TransitionKind {
  const previous = from?.status;
  if (previous === to.status) {
    return to.status === "failing" && from?.severity !== to.severity ? "severity-changed" : "none";
  }
  switch (to.status) {
    case "failing":
      if (previous === "passing") return "regression";
      if (previous === "exempted") return "exemption-expired";
      return "new-failure";
    case "passing":
      return previous === "failing" || previous === "exempted" || previous === "error" ? "resolved" : "none";
    case "gone":
      return previous === undefined ? "none" : "gone";
    case "exempted":
    case "error":
      return to.status;
    case "undetermined":
      return "none";
  }
}

/** An unknown never resolves a finding: an open one observed as undetermined stays open, as it was. */
function heldOpen(previous: Finding | undefined, observation: Observation): previous is Finding {
  return observation.status === "undetermined" && (previous?.status === "failing" || previous?.status === "exempted");
}

/**
 * The next state of a finding after an observation read at `observedAt`. Pure: the store persists `finding` when
 * `write` is set and records a history entry when `kind` is not `none`.
 */
export function transition(
  previous: Finding | undefined,
  observation: Observation,
  observedAt: Date,
  now: Date,
  options: TransitionOptions = {},
): Transition {
  const maxSkew = options.maxClockSkewMs ?? DEFAULT_MAX_CLOCK_SKEW_MS;
  if (observedAt.getTime() > now.getTime() + maxSkew) {
    throw new FutureObservationError(
      `observation read at ${observedAt.toISOString()} is ahead of the clock (${now.toISOString()})`,
    );
  }
  const readAt = observedAt.toISOString();
  if (previous && Date.parse(previous.observedAt) >= observedAt.getTime()) return { kind: "stale", previous };

  const held = heldOpen(previous, observation);
  const status = held ? previous.status : stateOf(observation);
  const details = held
    ? heldDetails(previous)
    : observation.status === "gone"
      ? goneDetails(previous)
      : resultDetails(observation, previous);
  const kind = transitionKind(previous, { status, severity: details.severity });
  const changed = previous === undefined || previous.status !== status || kind !== "none";
  const continuesLife = previous !== undefined && !(previous.status === "gone" && status !== "gone");
  const finding: Finding = {
    resourceId: observation.resourceId,
    ruleId: observation.ruleId,
    ...details,
    status,
    firstSeen: continuesLife ? previous.firstSeen : readAt,
    lastSeen: status === "gone" && previous ? previous.lastSeen : readAt,
    lastChanged: previous && !changed ? previous.lastChanged : readAt,
    observedAt: readAt,
    version: (previous?.version ?? 0) + 1,
  };
  // Status and severity decide a write; message, evidence and lastSeen of a repeat ride on the heartbeat (bounded cost).
  if (previous === undefined || changed) return { kind, ...(previous && { previous }), finding, write: true };
  const heartbeatDue =
    observedAt.getTime() - Date.parse(previous.observedAt) >= (options.heartbeatMs ?? DEFAULT_HEARTBEAT_MS);
  return heartbeatDue ? { kind, previous, finding, write: true } : { kind, previous, finding: previous, write: false };
}

type Details = Pick<
  Finding,
  "resourceKind" | "resourceName" | "resourceTags" | "severity" | "message" | "evidence" | "exemption"
>;

function resultDetails(result: RuleResult, previous: Finding | undefined): Details {
  // Tags that could not be read this time keep routing where the last read sent it.
  const tags = isUnknown(result.resourceTags) ? previous?.resourceTags : result.resourceTags;
  return {
    resourceKind: result.resourceKind,
    ...(result.resourceName !== undefined && { resourceName: result.resourceName }),
    ...(tags && Object.keys(tags).length > 0 && { resourceTags: tags }),
    severity: result.severity,
    message: result.message,
    evidence: result.evidence,
    ...(result.status === "fail" && result.exemption && { exemption: result.exemption }),
  };
}

/** What the open finding said: the undetermined observation has nothing to replace it with. */
function heldDetails(previous: Finding): Details {
  const { resourceKind, resourceName, resourceTags, severity, message, evidence, exemption } = previous;
  return {
    ...(resourceKind !== undefined && { resourceKind }),
    ...(resourceName !== undefined && { resourceName }),
    ...(resourceTags !== undefined && { resourceTags }),
    severity,
    message,
    evidence,
    ...(exemption !== undefined && { exemption }),
  };
}

/** A deleted resource keeps what was last known about it, so that a "gone" alert can still say what it was. */
function goneDetails(previous: Finding | undefined): Details {
  return {
    ...(previous?.resourceKind !== undefined && { resourceKind: previous.resourceKind }),
    ...(previous?.resourceName !== undefined && { resourceName: previous.resourceName }),
    ...(previous?.resourceTags !== undefined && { resourceTags: previous.resourceTags }),
    severity: previous?.severity ?? "info",
    message: "resource deleted",
    evidence: [],
  };
}
