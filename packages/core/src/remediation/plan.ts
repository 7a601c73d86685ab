import type { ResourceKind, ResourceOfKind } from "../model/resources.ts";
import type { RemediationScope } from "./scope.ts";

/**
 * How far a rule's remediation may go: `off` never plans; `dry-run` (the default) posts the plan and changes
 * nothing; `approve` waits for a person's Approve in Slack; `auto` applies it.
 */
export const REMEDIATION_MODES = ["off", "dry-run", "approve", "auto"] as const;
export type RemediationMode = (typeof REMEDIATION_MODES)[number];

/** AWS services a plan may call, as the SDK clients name them. */
export type RemediationService = "lambda" | "iam" | "dynamodb" | "sqs" | "sns" | "s3" | "apigateway" | "apigatewayv2";

/** One API call of a plan: the SDK operation, its exact input, and the IAM action it needs. */
export interface PlannedCall {
  readonly service: RemediationService;
  readonly operation: string;
  readonly input: Readonly<Record<string, unknown>>;
  readonly iamAction: string;
}

/** One setting the plan changes, as the finding's evidence names it. */
export interface PlannedChange {
  readonly path: string;
  readonly before: unknown;
  readonly after: unknown;
}

/**
 * A remediation computed from the resource's current state: what changes, the calls that change it, and the calls
 * that undo it. Pure: the remediator re-reads live state, asks for a fresh plan and only then calls AWS.
 */
export interface RemediationPlan {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly summary: string;
  readonly changes: readonly PlannedChange[];
  readonly calls: readonly PlannedCall[];
  readonly undo: readonly PlannedCall[];
}

/** What some plans need from the configuration (the `remediation` settings of vigil.config.ts). */
export interface RemediationSettings {
  /**
   * The reserved concurrency to give an uncapped function. No default: a cap that is too low throttles the
   * function, so without one no plan is made; 0 (which stops the function) only when configured so.
   */
  readonly concurrencyCap?: number;
  /**
   * The rate (requests per second) and burst to give an API stage without a throttle. No default: a limit below
   * the real peak refuses legitimate callers, so without one no plan is made.
   */
  readonly stageThrottle?: { readonly rateLimit: number; readonly burstLimit: number };
  /** The CloudWatch Logs group ARN that stage access logs go to; without it only execution logging is planned. */
  readonly accessLogDestinationArn?: string;
}

export interface RemediationPlanner<K extends ResourceKind = ResourceKind> {
  readonly ruleId: string;
  /** What the plan changes, what callers notice, and how it is undone (`vigil remediation list`, remediations.md). */
  readonly description: string;
  readonly kind: K;
  /**
   * Every IAM action a plan's calls may need: the remediator's grant is computed from these. Not the undo's: a
   * person runs the undo (from the audit entry), and the remediator may not, say, attach a policy to a role.
   */
  readonly actions: readonly string[];
  /** The resources those actions may change and the conditions the calls meet: the grant's Resource and Condition. */
  readonly scope: RemediationScope;
  /**
   * The furthest mode allowed: changes that can break callers (an URL's auth, a role's policies) stop at
   * `approve`, whatever the configuration asks.
   */
  readonly maxMode: Exclude<RemediationMode, "off" | "dry-run">;
  /** Opt-in remediations are `off` unless the configuration names a mode for them (others default to `dry-run`). */
  readonly optIn?: true;
  /**
   * A plan for the resource as it is now; undefined when there is nothing to change, or when a value it would
   * rest on is unknown (a plan is never guessed).
   */
  plan(resource: ResourceOfKind<K>, settings?: RemediationSettings): RemediationPlan | undefined;
}

/** The plan of one setting changed by one call, undone by the same call with the value it had. */
export function settingPlan<T>(plan: {
  readonly ruleId: string;
  readonly resourceId: string;
  readonly summary: string;
  readonly path: string;
  readonly before: T;
  readonly after: T;
  readonly call: (value: T) => PlannedCall;
}): RemediationPlan {
  const { ruleId, resourceId, summary, path, before, after, call } = plan;
  return {
    ruleId,
    resourceId,
    summary,
    changes: [{ path, before, after }],
    calls: [call(after)],
    undo: [call(before)],
  };
}

export function defineRemediation<K extends ResourceKind>(remediation: RemediationPlanner<K>): RemediationPlanner<K> {
  const undeclared = remediation.actions.filter((action) => !/^[a-z0-9-]+:[A-Za-z0-9]+$/.test(action));
  if (undeclared.length > 0) throw new Error(`${remediation.ruleId}: malformed IAM actions ${undeclared.join(", ")}`);
  return remediation;
}

/** The mode vigil.config.ts gives a remediation: the one it names, else `dry-run` (`off` for an opt-in one). */
export function configuredMode(
  remediation: Pick<RemediationPlanner, "ruleId" | "optIn">,
  modes: Readonly<Record<string, RemediationMode>>,
): RemediationMode {
  return modes[remediation.ruleId] ?? (remediation.optIn ? "off" : "dry-run");
}

/** The mode a remediation runs in: the configured one, capped by the remediation's own limit. */
export function effectiveMode(
  configured: RemediationMode,
  remediation: Pick<RemediationPlanner, "maxMode">,
): RemediationMode {
  return configured === "auto" && remediation.maxMode === "approve" ? "approve" : configured;
}

/** A planner of any resource kind, as the catalogue holds them. */
export type AnyRemediationPlanner = { [K in ResourceKind]: RemediationPlanner<K> }[ResourceKind];
