import { describe, expect, it } from "vitest";
import type { RemediationRecord } from "../remediation/record.ts";
import { decisionOfActionId, decodeRemediationRef } from "../remediation/reference.ts";
import { renderRemediation } from "./remediation.ts";

const ref = {
  resourceId: "arn:aws:lambda:eu-west-1:123456789012:function:orders",
  ruleId: "lambda-url-auth-none",
  observedAt: "2026-11-28T12:00:00.000Z",
};
const plan = {
  ruleId: ref.ruleId,
  resourceId: ref.resourceId,
  summary: "require AWS_IAM auth on the function URL of orders",
  changes: [{ path: "url.authType", before: "NONE", after: "AWS_IAM" }],
  calls: [
    {
      service: "lambda" as const,
      operation: "UpdateFunctionUrlConfig",
      input: { FunctionName: "orders", AuthType: "AWS_IAM" },
      iamAction: "lambda:UpdateFunctionUrlConfig",
    },
  ],
  undo: [
    {
      service: "lambda" as const,
      operation: "UpdateFunctionUrlConfig",
      input: { FunctionName: "orders", AuthType: "NONE" },
      iamAction: "lambda:UpdateFunctionUrlConfig",
    },
  ],
};
const base = { ref, plan, resourceName: "orders", channels: [""], updatedAt: "2026-11-28T12:01:00.000Z" };
const texts = (message: ReturnType<typeof renderRemediation>) => JSON.stringify(message.blocks);

describe("renderRemediation", () => {
  it("asks for approval with Approve / Exempt 30 days / Ignore buttons that carry the remediation", () => {
    const message = renderRemediation({ ...base, status: "awaiting-approval", mode: "approve" });
    const actions = message.blocks.find((block) => block.type === "actions");
    if (actions?.type !== "actions") throw new Error("no buttons");
    expect(actions.elements.map((button) => button.text.text)).toEqual(["Approve", "Exempt 30 days", "Ignore"]);
    expect(actions.elements.map((button) => decisionOfActionId(button.action_id))).toEqual([
      "approve",
      "exempt",
      "ignore",
    ]);
    for (const button of actions.elements) expect(decodeRemediationRef(button.value)).toEqual(ref);
    expect(message.text).toContain("Approval needed");
    // The reviewer sees the exact calls and their undo.
    expect(texts(message)).toContain(
      '`lambda:UpdateFunctionUrlConfig` {\\"FunctionName\\":\\"orders\\",\\"AuthType\\":\\"AWS_IAM\\"}',
    );
    expect(texts(message)).toContain('\\"AuthType\\":\\"NONE\\"');
  });

  it("posts a dry run without buttons, saying nothing changed", () => {
    const message = renderRemediation({ ...base, status: "proposed", mode: "dry-run" });
    expect(message.blocks.some((block) => block.type === "actions")).toBe(false);
    expect(texts(message)).toContain("nothing was changed");
  });

  it("reports who decided, and results with their detail", () => {
    const decision = { decision: "approve" as const, by: "U0APPROVER", at: "2026-11-28T12:02:00.000Z" };
    const approved: RemediationRecord = { ...base, status: "approved", mode: "approve", decision };
    expect(texts(renderRemediation(approved))).toContain("<@U0APPROVER>");
    const skipped: RemediationRecord = {
      ref,
      status: "skipped",
      mode: "auto",
      detail: "the resource is tagged vigil:remediate=never",
      resourceName: "<!channel> orders",
      channels: [""],
      updatedAt: base.updatedAt,
    };
    const message = renderRemediation(skipped);
    expect(message.text).toContain("Not remediated");
    expect(texts(message)).toContain("vigil:remediate=never");
    expect(texts(message)).not.toContain("<!channel>");
  });
});
