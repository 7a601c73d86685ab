import { z } from "zod";

/**
 * One remediation: the plan made for one failing finding as one evaluation saw it. The finding's `observedAt`
 * tells apart the remediations of a finding that failed, passed and failed again.
 */
export const remediationRefSchema = z
  .object({
    resourceId: z.string().min(1).max(1600),
    ruleId: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, "a rule id"),
    observedAt: z.iso.datetime({ offset: true }),
  })
  .strict();

export type RemediationRef = z.output<typeof remediationRefSchema>;

/** What a person may answer to an approval request in Slack. */
export const REMEDIATION_DECISIONS = ["approve", "exempt", "ignore"] as const;
export type RemediationDecision = (typeof REMEDIATION_DECISIONS)[number];

/** How long "Exempt" from Slack hides a finding; longer exemptions go through `vigil exempt` with a reason. */
export const SLACK_EXEMPTION_DAYS = 30;

const ACTION_ID_PREFIX = "vigil.remediation.";

/** The `action_id` of a decision's button. */
export const decisionActionId = (decision: RemediationDecision) => `${ACTION_ID_PREFIX}${decision}`;

/** The decision a button's `action_id` stands for, or undefined when it is not one of Vigil's buttons. */
export function decisionOfActionId(actionId: string): RemediationDecision | undefined {
  const decision = actionId.startsWith(ACTION_ID_PREFIX) ? actionId.slice(ACTION_ID_PREFIX.length) : undefined;
  return REMEDIATION_DECISIONS.find((known) => known === decision);
}

/** A button's `value` (Slack allows 2,000 characters; the schema's bounds keep a ref well inside). */
export function encodeRemediationRef(ref: RemediationRef): string {
  return JSON.stringify([ref.resourceId, ref.ruleId, ref.observedAt]);
}

/** The ref a button's `value` carries, or undefined when it does not hold one. */
export function decodeRemediationRef(value: string): RemediationRef | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed) || parsed.length !== 3) return undefined;
  const [resourceId, ruleId, observedAt] = parsed;
  const ref = remediationRefSchema.safeParse({ resourceId, ruleId, observedAt });
  return ref.success ? ref.data : undefined;
}
