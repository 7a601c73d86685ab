import {
  type Finding,
  type FindingEventDetail,
  findingEventDetail,
  type PublishedTransition,
} from "../findings/index.ts";
import { RULES } from "../rules/index.ts";

export const TEST_FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api";
export const URL_RULE = "lambda-url-auth-none";
export const T1 = "2026-11-28T10:00:00.000Z";
export const T2 = "2026-11-28T11:00:00.000Z";

/** A stored finding: a failing function URL unless overridden. */
export function testFinding(overrides: Partial<Finding> = {}): Finding {
  return {
    resourceId: TEST_FUNCTION,
    ruleId: URL_RULE,
    resourceKind: "lambda.function",
    resourceName: "orders-api",
    status: "failing",
    severity: "high",
    message: "function URL with AuthType NONE",
    evidence: [{ type: "setting", path: "url.authType", value: "NONE" }],
    firstSeen: T1,
    lastSeen: T1,
    lastChanged: T1,
    observedAt: T1,
    version: 1,
    ...overrides,
  };
}

/** The event the publisher would put for this transition of `finding`. */
export function testEvent(
  transition: PublishedTransition,
  overrides: Partial<Finding> = {},
  previous?: Pick<Finding, "status" | "severity">,
): FindingEventDetail {
  const finding = testFinding(overrides);
  const rule = RULES.find((r) => r.id === finding.ruleId);
  if (!rule) throw new Error(`no rule ${finding.ruleId}`);
  return findingEventDetail(transition, previous, finding, rule);
}
