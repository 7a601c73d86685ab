import { fail, type Outcome, pass } from "./rule.ts";

/**
 * Folds the verdicts on the parts of one resource (a topic's subscriptions, a rule's targets, a queue's consumers)
 * into the single outcome its finding holds: every failure, else the first part that cannot be evaluated, else the
 * first part the rule does not apply to, else a pass. A known failure is reported even when another part is unknown.
 */
export function combineOutcomes(parts: readonly Outcome[], passMessage: string): Outcome {
  const failures = parts.filter((part) => part.status === "fail");
  if (failures.length > 0) {
    return fail(failures.map((f) => f.message).join("; "), ...failures.flatMap((f) => f.evidence));
  }
  return (
    parts.find((part) => part.status === "undetermined") ??
    parts.find((part) => part.status === "not_applicable") ??
    pass(passMessage)
  );
}
