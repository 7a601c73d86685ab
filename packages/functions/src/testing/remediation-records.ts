import type { RemediationRecord, RemediationRef } from "@vigil/core";

/** The remediation of a public function URL, as the remediator records it while it waits for a person. */
export function awaitingApproval(observedAt = "2026-11-28T11:55:00.000Z"): RemediationRecord & { ref: RemediationRef } {
  const ref: RemediationRef = {
    resourceId: "arn:aws:lambda:eu-west-1:123456789012:function:orders-api",
    ruleId: "lambda-url-auth-none",
    observedAt,
  };
  return {
    ref,
    status: "awaiting-approval",
    mode: "approve",
    resourceName: "orders-api",
    channels: ["C0ALERTS"],
    plan: {
      ruleId: ref.ruleId,
      resourceId: ref.resourceId,
      summary: "require AWS_IAM auth on the function URL of orders-api",
      changes: [{ path: "url.authType", before: "NONE", after: "AWS_IAM" }],
      calls: [],
      undo: [],
    },
    updatedAt: "2026-11-28T11:56:00.000Z",
  };
}
