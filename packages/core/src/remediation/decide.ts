import type { Exemption } from "../engine/config.ts";
import type { Resource } from "../model/resources.ts";
import { isUnknown } from "../model/value.ts";
import type { AnyRemediationPlanner, RemediationMode, RemediationPlan, RemediationSettings } from "./plan.ts";

/** The tag that keeps Vigil's hands off a resource, whatever the rule's mode. */
export const NEVER_REMEDIATE_TAG = { key: "vigil:remediate", value: "never" } as const;

/** Why a remediation does nothing. */
export const SKIP_REASONS = [
  "off",
  "gone",
  "compliant",
  "exempted",
  "never-tag",
  "no-plan",
  "loop-guard",
  "plan-changed",
  "not-approvable",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export type RemediationStep =
  | { readonly step: "skip"; readonly reason: SkipReason; readonly detail: string }
  /** `dry-run`: the plan is posted, nothing changes. */
  | { readonly step: "propose"; readonly plan: RemediationPlan }
  /** `approve`: the plan is posted with Approve / Exempt / Ignore and waits. */
  | { readonly step: "request-approval"; readonly plan: RemediationPlan }
  /** `auto`, or a person approved this very plan: change it now (within the rate budget). */
  | { readonly step: "apply"; readonly plan: RemediationPlan };

/** Vigil's last change to the resource (any rule), for the loop guard. */
export interface LastRemediation {
  readonly at: string;
  readonly ruleId: string;
}

/** What a decision rests on, every part read right before it. */
export interface RemediationContext {
  readonly planner: AnyRemediationPlanner;
  readonly mode: RemediationMode;
  /** The resource as the live read just saw it; undefined when it no longer exists. */
  readonly resource: Resource | undefined;
  /** Whether the rule still fails on that read (an exemption aside). */
  readonly failing: boolean;
  /** The exemption hiding the failure on that read (stored or from vigil.config.ts). */
  readonly exemption?: Exemption;
  /** When the evaluation that opened the finding read the resource. */
  readonly observedAt: string;
  readonly lastRemediation?: LastRemediation;
  readonly loopWindowMs: number;
  readonly settings: RemediationSettings;
  readonly now: Date;
}

const skip = (reason: SkipReason, detail: string): RemediationStep => ({ step: "skip", reason, detail });

/**
 * What to do about a failing finding: nothing (and why), post its plan, ask for approval, or apply it. With
 * `approved`, the plan a person approved: it is applied only if the live state still yields that exact plan.
 */
export function nextStep(context: RemediationContext, approved?: RemediationPlan): RemediationStep {
  const { planner, mode, resource } = context;
  if (mode === "off") return skip("off", `remediation of ${planner.ruleId} is off`);
  if (!resource) return skip("gone", "the resource no longer exists");
  if (!context.failing) return skip("compliant", "the live state already passes the rule");
  if (context.exemption) {
    const { by, expires, reason } = context.exemption;
    return skip("exempted", `exempted until ${expires}${by ? ` by ${by}` : ""}: ${reason}`);
  }
  const never = `${NEVER_REMEDIATE_TAG.key}=${NEVER_REMEDIATE_TAG.value}`;
  // Unreadable tags may hold the never tag: hands off, as if they did.
  if (isUnknown(resource.tags)) {
    return skip(
      "never-tag",
      `the resource's tags could not be read (${resource.tags.reason}): it may be tagged ${never}`,
    );
  }
  if (resource.tags[NEVER_REMEDIATE_TAG.key] === NEVER_REMEDIATE_TAG.value) {
    return skip("never-tag", `the resource is tagged ${never}`);
  }
  if (resource.kind !== planner.kind) return skip("no-plan", `the resource is a ${resource.kind}`);
  const plan = (planner.plan as (r: Resource, s: RemediationSettings) => RemediationPlan | undefined)(
    resource,
    context.settings,
  );
  if (!plan) {
    return skip("no-plan", "no safe plan: a value it rests on is unknown, or a setting it needs is not configured");
  }
  const last = context.lastRemediation;
  if (
    last &&
    Date.parse(context.observedAt) > Date.parse(last.at) &&
    context.now.getTime() - Date.parse(last.at) < context.loopWindowMs
  ) {
    return skip(
      "loop-guard",
      `Vigil changed this resource at ${last.at} (${last.ruleId}); a failure read after that change is not ` +
        "remediated again within the loop window",
    );
  }
  if (approved) {
    if (mode !== "approve" && mode !== "auto") {
      return skip("not-approvable", `the mode of ${planner.ruleId} is now ${mode}: nothing is applied`);
    }
    return samePlan(plan, approved)
      ? { step: "apply", plan }
      : skip("plan-changed", "the resource changed since the plan was approved: nothing is applied");
  }
  if (mode === "dry-run") return { step: "propose", plan };
  if (mode === "approve") return { step: "request-approval", plan };
  return { step: "apply", plan };
}

/** Two plans make the same calls with the same inputs (key order aside). */
export function samePlan(a: RemediationPlan, b: RemediationPlan): boolean {
  return canonical(a.calls) === canonical(b.calls);
}

function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === "object" && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([x], [y]) => x.localeCompare(y)))
      : v,
  );
}
