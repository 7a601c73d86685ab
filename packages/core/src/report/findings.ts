import type { RuleResult } from "../engine/engine.ts";
import type { Evidence, Severity } from "../engine/rule.ts";
import { SEVERITIES } from "../engine/rule.ts";
import type { Origin } from "../model/resources.ts";

/** An input that could not be read (a template that does not parse, a file that does not exist). */
export interface InputProblem {
  readonly file: string;
  readonly line?: number;
  readonly column?: number;
  readonly message: string;
}

/** Where in a template a finding points. */
export interface TemplateLocation {
  readonly file: string;
  readonly line?: number;
  readonly logicalId: string;
  readonly stack?: string;
}

export function templateLocation(origin: Origin): TemplateLocation | undefined {
  if (origin.type !== "template") return undefined;
  return {
    file: origin.file,
    ...(origin.line !== undefined && { line: origin.line }),
    logicalId: origin.logicalId,
    ...(origin.stack !== undefined && { stack: origin.stack }),
  };
}

/** The name a reader knows the resource by: its logical id in a template, else its ARN. */
export function resourceLabel(result: RuleResult): string {
  return result.origin.type === "template" ? result.origin.logicalId : result.resourceId;
}

/** `critical` is 0: lower ranks come first. */
export function severityRank(severity: Severity): number {
  return SEVERITIES.indexOf(severity);
}

export function isAtOrAbove(severity: Severity, threshold: Severity): boolean {
  return severityRank(severity) <= severityRank(threshold);
}

/**
 * What a report does with results a rule could not decide: `fail` gates on them like failures, `warn` lists them
 * without gating, `ignore` leaves them out of the listing (the summary still counts them).
 */
export const UNDETERMINED_MODES = ["fail", "warn", "ignore"] as const;
export type UndeterminedMode = (typeof UNDETERMINED_MODES)[number];
export const DEFAULT_UNDETERMINED_MODE: UndeterminedMode = "warn";

/**
 * Whether a result makes a gate fail: a failure that no exemption hides, a rule that could not run (fail closed),
 * or, when undetermined results are to fail, one of those, at or above the threshold.
 */
export function breaksGate(result: RuleResult, threshold: Severity, undetermined: UndeterminedMode): boolean {
  const counts =
    (result.status === "fail" && !result.exemption) ||
    result.status === "error" ||
    (result.status === "undetermined" && undetermined === "fail");
  return counts && isAtOrAbove(result.severity, threshold);
}

/** What a report lists: failures, errors and (unless ignored) undetermined results; every result with `showPassing`. */
export function selectResults(
  results: readonly RuleResult[],
  showPassing: boolean,
  undetermined: UndeterminedMode,
): RuleResult[] {
  return results.filter(
    (result) =>
      showPassing ||
      result.status === "fail" ||
      result.status === "error" ||
      (result.status === "undetermined" && undetermined !== "ignore"),
  );
}

/** Most severe first, then by file and line, so that output is stable from run to run. */
export function compareResults(a: RuleResult, b: RuleResult): number {
  const left = templateLocation(a.origin);
  const right = templateLocation(b.origin);
  return (
    severityRank(a.severity) - severityRank(b.severity) ||
    (left?.file ?? "").localeCompare(right?.file ?? "") ||
    (left?.line ?? 0) - (right?.line ?? 0) ||
    resourceLabel(a).localeCompare(resourceLabel(b)) ||
    a.ruleId.localeCompare(b.ruleId)
  );
}

const MAX_VALUE_CHARS = 80;

/** One ARN field; template ARNs hold `${AWS::Region}`-style tokens, whose colons do not separate fields. */
const ARN_FIELD = String.raw`(?:\$\{[^}]*\}|[^:$]|\$(?!\{))*`;
const ARN = new RegExp(`^arn:${ARN_FIELD}:${ARN_FIELD}:${ARN_FIELD}:${ARN_FIELD}:(.+)$`);

/** `arn:aws:sqs:us-east-1:123456789012:jobs` → `jobs`: the resource part is what a reader recognises. */
const arnResource = (arn: string) => ARN.exec(arn)?.[1] ?? arn;

/** One line pointing at the exact thing a finding is about. */
export function describeEvidence(evidence: Evidence): string {
  switch (evidence.type) {
    case "setting": {
      const value = JSON.stringify(evidence.value) ?? "undefined";
      const shown = value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS - 1)}…` : value;
      return `${evidence.path} = ${shown}`;
    }
    case "statement":
      return `${evidence.policy}, statement ${evidence.index}${evidence.sid ? ` (Sid ${evidence.sid})` : ""}`;
    case "edge":
      return `${arnResource(evidence.from)} → ${arnResource(evidence.to)} (${evidence.relation})`;
  }
}
