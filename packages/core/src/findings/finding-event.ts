import { z } from "zod";
import { PRACTICES, type RuleMeta, SEVERITIES } from "../engine/rule.ts";
import { parseArn } from "../model/arn.ts";
import { RESOURCE_KINDS } from "../model/resources.ts";
import { FINDING_STATES, type Finding, TRANSITION_KINDS, type TransitionKind, transitionKind } from "./finding.ts";

/**
 * The public contract of Vigil's bus: one event per finding transition, put by the publish function. Users attach
 * their own targets to it (docs/events.md); notify and remediate consume it too. Additive changes only within a
 * schema version.
 */
export const FINDING_EVENT_SOURCE = "vigil.findings";
export const FINDING_EVENT_DETAIL_TYPE = "Vigil Finding Transition";
export const FINDING_EVENT_SCHEMA_VERSION = "1";

/** Transitions worth an event: every kind but `none` (a repeat). */
export const PUBLISHED_TRANSITIONS = TRANSITION_KINDS.filter(
  (kind): kind is Exclude<TransitionKind, "none"> => kind !== "none",
);
export type PublishedTransition = (typeof PUBLISHED_TRANSITIONS)[number];

/** Transitions that (re)open a problem: their alert starts a thread, and they may call for a remediation. */
export const OPENING_TRANSITIONS = [
  "new-failure",
  "regression",
  "exemption-expired",
] as const satisfies readonly PublishedTransition[];

export const isOpening = (transition: PublishedTransition): boolean =>
  (OPENING_TRANSITIONS as readonly PublishedTransition[]).includes(transition);

const evidenceSchema = z.discriminatedUnion("type", [
  z.object({ type: z.literal("setting"), path: z.string(), value: z.unknown() }),
  z.object({
    type: z.literal("statement"),
    policy: z.string(),
    index: z.number().int(),
    sid: z.string().optional(),
    statement: z.unknown(),
  }),
  z.object({ type: z.literal("edge"), from: z.string(), to: z.string(), relation: z.string() }),
]);

const timestamp = z.iso.datetime({ offset: true });

export const findingSchema = z.object({
  resourceId: z.string().min(1),
  ruleId: z.string().min(1),
  resourceKind: z.enum(RESOURCE_KINDS).optional(),
  resourceName: z.string().optional(),
  resourceTags: z.record(z.string(), z.string()).optional(),
  status: z.enum(FINDING_STATES),
  severity: z.enum(SEVERITIES),
  message: z.string(),
  evidence: z.array(evidenceSchema).readonly(),
  exemption: z
    .object({
      rule: z.string(),
      resource: z.string(),
      reason: z.string(),
      expires: z.string(),
      by: z.string().optional(),
    })
    .optional(),
  firstSeen: timestamp,
  lastSeen: timestamp,
  lastChanged: timestamp,
  observedAt: timestamp,
  version: z.number().int().positive(),
}) satisfies z.ZodType<Finding>;

/** What a consumer needs of the rule without Vigil's catalogue at hand. */
const ruleSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  practice: z.number().int().min(1).max(9),
  practiceName: z.string(),
  remediation: z.string(),
});

export const findingEventDetailSchema = z.object({
  schemaVersion: z.literal(FINDING_EVENT_SCHEMA_VERSION),
  transition: z.enum(PUBLISHED_TRANSITIONS),
  /** Stable across retries of the same transition: the key for idempotent consumers. */
  transitionId: z.string().min(1),
  previous: z.object({ status: z.enum(FINDING_STATES), severity: z.enum(SEVERITIES) }).optional(),
  finding: findingSchema,
  rule: ruleSummarySchema,
  /** Account and region of the resource, when its ARN names them (IAM and S3 ARNs name no region). */
  account: z.string().optional(),
  region: z.string().optional(),
});

export type FindingEventDetail = z.output<typeof findingEventDetailSchema>;

/** One transition of one finding is one identity, however often the stream or the bus delivers it. */
export function transitionId(
  transition: PublishedTransition,
  finding: Pick<Finding, "resourceId" | "ruleId" | "observedAt">,
): string {
  return `${finding.resourceId}|${finding.ruleId}|${finding.observedAt}|${transition}`;
}

/** The event detail of one transition, with what consumers need of the rule. */
export function findingEventDetail(
  transition: PublishedTransition,
  previous: Pick<Finding, "status" | "severity"> | undefined,
  finding: Finding,
  rule: RuleMeta,
): FindingEventDetail {
  const arn = parseArn(finding.resourceId);
  return {
    schemaVersion: FINDING_EVENT_SCHEMA_VERSION,
    transition,
    transitionId: transitionId(transition, finding),
    ...(previous && { previous: { status: previous.status, severity: previous.severity } }),
    finding,
    rule: {
      id: rule.id,
      title: rule.title,
      practice: rule.practice,
      practiceName: PRACTICES[rule.practice],
      remediation: rule.remediation.summary,
    },
    ...(arn?.account && { account: arn.account }),
    ...(arn?.region && { region: arn.region }),
  };
}

/**
 * The transition a stored finding made, from its item before and after a write (the table stream's images);
 * undefined for a repeat (a heartbeat rewrite) or a first passing result, which carry no news.
 */
export function publishedTransition(
  previous: Pick<Finding, "status" | "severity"> | undefined,
  next: Pick<Finding, "status" | "severity">,
): PublishedTransition | undefined {
  const kind = transitionKind(previous, next);
  return kind === "none" ? undefined : kind;
}
