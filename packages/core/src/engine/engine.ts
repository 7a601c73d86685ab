import type { ResourceModel } from "../model/graph.ts";
import type { Origin, Resource, ResourceKind } from "../model/resources.ts";
import type { Exemption, ResolvedConfig } from "./config.ts";
import type { Evidence, Outcome, Practice, Severity } from "./rule.ts";

export type FindingStatus = "pass" | "fail" | "error" | "not_applicable";

/** One rule's verdict on one resource: the unit every output, the store and Slack speak about. */
export interface RuleResult {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly resourceKind: ResourceKind;
  readonly resourceName?: string;
  readonly origin: Origin;
  readonly status: FindingStatus;
  readonly severity: Severity;
  readonly practice: Practice;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  /** Set when a live exemption hides this failure. */
  readonly exemption?: Exemption;
}

export interface EvaluationReport {
  readonly results: readonly RuleResult[];
  /** Time of evaluation. */
  readonly evaluatedAt: string;
  readonly summary: EvaluationSummary;
}

export interface EvaluationSummary {
  readonly resources: number;
  readonly rules: number;
  readonly byStatus: Readonly<Record<FindingStatus, number>>;
  /** Failing, not exempted, by severity. */
  readonly failuresBySeverity: Readonly<Record<Severity, number>>;
  readonly exempted: number;
}

export interface EvaluateOptions {
  readonly now?: Date;
}

function globToRegExp(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

/** The names a user may write in an exemption to mean this resource. */
function resourceAliases(resource: Resource): string[] {
  const aliases = [resource.id, resource.arn];
  if (typeof resource.name === "string") aliases.push(resource.name);
  if (resource.origin.type === "template") aliases.push(resource.origin.logicalId);
  return aliases;
}

export function activeExemption(
  exemptions: readonly Exemption[],
  ruleId: string,
  resource: Resource,
  now: Date,
): Exemption | undefined {
  const aliases = resourceAliases(resource);
  return exemptions.find((exemption) => {
    if (exemption.rule !== "*" && exemption.rule !== ruleId) return false;
    if (new Date(exemption.expires).getTime() <= now.getTime()) return false;
    const pattern = globToRegExp(exemption.resource);
    return aliases.some((alias) => pattern.test(alias));
  });
}

/**
 * Runs every enabled rule over every resource of its kinds. A rule that throws yields an `error` result for that
 * resource (fail closed, never a silent pass) and the other rules go on.
 */
export function evaluate(
  model: ResourceModel,
  config: ResolvedConfig,
  options: EvaluateOptions = {},
): EvaluationReport {
  const now = options.now ?? new Date();
  const results: RuleResult[] = [];
  for (const { rule, severity, options: ruleOptions } of config.rules) {
    const context = { model, options: ruleOptions, now, settings: config.settings };
    for (const kind of rule.kinds) {
      for (const resource of model.ofKind(kind)) {
        let outcomes: readonly Outcome[];
        try {
          const outcome = rule.check(resource, context);
          outcomes = Array.isArray(outcome) ? outcome : [outcome as Outcome];
        } catch (error) {
          outcomes = [];
          results.push({
            ...base(rule.id, severity, rule.practice, resource),
            status: "error",
            message: `rule failed: ${error instanceof Error ? error.message : String(error)}`,
            evidence: [],
          });
        }
        for (const outcome of outcomes) {
          const exemption =
            outcome.status === "fail" ? activeExemption(config.exemptions, rule.id, resource, now) : undefined;
          results.push({
            ...base(rule.id, severity, rule.practice, resource),
            status: outcome.status,
            message: outcome.message ?? "",
            evidence: outcome.status === "fail" ? outcome.evidence : [],
            ...(exemption && { exemption }),
          });
        }
      }
    }
  }
  return { results, evaluatedAt: now.toISOString(), summary: summarize(results, model.size, config.rules.length) };
}

function base(ruleId: string, severity: Severity, practice: Practice, resource: Resource) {
  return {
    ruleId,
    severity,
    practice,
    resourceId: resource.id,
    resourceKind: resource.kind,
    ...(typeof resource.name === "string" && { resourceName: resource.name }),
    origin: resource.origin,
  };
}

export function summarize(results: readonly RuleResult[], resources: number, rules: number): EvaluationSummary {
  const byStatus: Record<FindingStatus, number> = { pass: 0, fail: 0, error: 0, not_applicable: 0 };
  const failuresBySeverity: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  let exempted = 0;
  for (const result of results) {
    byStatus[result.status]++;
    if (result.status !== "fail") continue;
    if (result.exemption) exempted++;
    else failuresBySeverity[result.severity]++;
  }
  return { resources, rules, byStatus, failuresBySeverity, exempted };
}
