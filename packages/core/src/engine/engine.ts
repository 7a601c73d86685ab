import type { ContextRelation } from "../model/context.ts";
import type { ResourceModel } from "../model/graph.ts";
import type { Origin, Resource, ResourceKind } from "../model/resources.ts";
import type { Value } from "../model/value.ts";
import type { Exemption, ResolvedConfig } from "./config.ts";
import { type Evidence, type Outcome, type Practice, type Severity, undetermined } from "./rule.ts";

export const FINDING_STATUSES = ["pass", "fail", "error", "not_applicable", "undetermined"] as const;
/** `undetermined`: the rule could not decide (an input it needs is unknown); `error`: the rule itself failed. */
export type FindingStatus = (typeof FINDING_STATUSES)[number];

/** One rule's verdict on one resource: the unit every output, the store and Slack speak about. */
export interface RuleResult {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly resourceKind: ResourceKind;
  readonly resourceName?: string;
  /** The resource's tags: what Slack routing looks at; unknown when they could not be read. */
  readonly resourceTags?: Value<Readonly<Record<string, string>>>;
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

/** Whether an exemption still hides its findings at `now` (it ends at `expires`). */
export function exemptionInForce(exemption: Pick<Exemption, "expires">, now: Date): boolean {
  return new Date(exemption.expires).getTime() > now.getTime();
}

export function activeExemption(
  exemptions: readonly Exemption[],
  ruleId: string,
  resource: Resource,
  now: Date,
): Exemption | undefined {
  return matchingExemption(exemptions, ruleId, resourceAliases(resource), now);
}

/** The exemption in force at `now` for `ruleId` on a resource known by any of `aliases` (id, ARN, name…). */
export function matchingExemption(
  exemptions: readonly Exemption[],
  ruleId: string,
  aliases: readonly string[],
  now: Date,
): Exemption | undefined {
  return exemptions.find((exemption) => {
    if (exemption.rule !== "*" && exemption.rule !== ruleId) return false;
    if (!exemptionInForce(exemption, now)) return false;
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
        let outcome: Outcome | readonly Outcome[];
        const gap = contextGapOf(model, resource, rule.context);
        if (gap) {
          results.push(result(rule.id, severity, rule.practice, resource, "undetermined", gap, NO_EVIDENCE));
          continue;
        }
        try {
          outcome = rule.check(resource, context);
        } catch (error) {
          const message = `rule failed: ${error instanceof Error ? error.message : String(error)}`;
          results.push(result(rule.id, severity, rule.practice, resource, "error", message, NO_EVIDENCE));
          continue;
        }
        for (const one of Array.isArray(outcome) ? outcome : [outcome as Outcome]) {
          if (one.status !== "fail") {
            results.push(
              result(rule.id, severity, rule.practice, resource, one.status, one.message ?? "", NO_EVIDENCE),
            );
            continue;
          }
          const exemption = activeExemption(config.exemptions, rule.id, resource, now);
          const failure = result(rule.id, severity, rule.practice, resource, "fail", one.message, one.evidence);
          results.push(exemption ? { ...failure, exemption } : failure);
        }
      }
    }
  }
  return { results, evaluatedAt: now.toISOString(), summary: summarize(results, model.size, config.rules.length) };
}

/**
 * One report over models that must not see each other (unrelated stacks): each is evaluated alone, so that a
 * resource of one never answers a lookup of another, and reading them together changes no verdict.
 */
export function evaluateEach(
  models: readonly ResourceModel[],
  config: ResolvedConfig,
  options: EvaluateOptions = {},
): EvaluationReport {
  const now = options.now ?? new Date();
  const results = models.flatMap((model) => evaluate(model, config, { now }).results);
  const resources = models.reduce((sum, model) => sum + model.size, 0);
  return { results, evaluatedAt: now.toISOString(), summary: summarize(results, resources, config.rules.length) };
}

const NO_EVIDENCE: readonly Evidence[] = Object.freeze([]);

/** "cannot evaluate" for the first declared relation the model could not read in full, else `undefined`. */
function contextGapOf(
  model: ResourceModel,
  resource: Resource,
  relations: readonly ContextRelation[],
): string | undefined {
  for (const relation of relations) {
    const gap = model.contextGap(resource, relation);
    if (gap) return undetermined(`its ${relation}`, gap).message;
  }
  return undefined;
}

// One object literal of a fixed shape per result: the engine creates one per (rule, resource), so spreads and
// optional keys here cost more than every rule check together on large accounts (see bench/engine.ts).
function result(
  ruleId: string,
  severity: Severity,
  practice: Practice,
  resource: Resource,
  status: FindingStatus,
  message: string,
  evidence: readonly Evidence[],
): RuleResult {
  return {
    ruleId,
    resourceId: resource.id,
    resourceKind: resource.kind,
    resourceName: typeof resource.name === "string" ? resource.name : undefined,
    resourceTags: resource.tags,
    origin: resource.origin,
    status,
    severity,
    practice,
    message,
    evidence,
  };
}

export function summarize(results: readonly RuleResult[], resources: number, rules: number): EvaluationSummary {
  const byStatus: Record<FindingStatus, number> = { pass: 0, fail: 0, error: 0, not_applicable: 0, undetermined: 0 };
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
