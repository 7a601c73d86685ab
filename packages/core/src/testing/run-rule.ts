import { resolveConfig, type VigilConfigInput } from "../engine/config.ts";
import { evaluate, type RuleResult } from "../engine/engine.ts";
import type { AnyRule } from "../engine/rule.ts";
import type { ResourceModel } from "../model/graph.ts";

export const TEST_NOW = new Date("2026-11-28T12:00:00Z");

/**
 * Runs one rule over a model through the real engine (config resolution, option defaults, error capture),
 * the way cdk-nag tests a rule through a one-rule pack.
 */
export function runRule(
  rule: AnyRule,
  model: ResourceModel,
  config: Omit<VigilConfigInput, "rules"> & { options?: Record<string, unknown> } = {},
  now: Date = TEST_NOW,
): RuleResult[] {
  const { options, ...rest } = config;
  // Named, so that it runs whichever rule set it belongs to.
  const resolved = resolveConfig({ ...rest, rules: { [rule.id]: { enabled: true, ...(options && { options }) } } }, [
    rule,
  ]);
  return [...evaluate(model, resolved, { now }).results];
}

/** Results of `runRule` for one resource id (or name), for terse assertions. */
export function statusOf(results: readonly RuleResult[], resource: string): string[] {
  return results.filter((r) => r.resourceId === resource || r.resourceName === resource).map((r) => r.status);
}
