import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.ts";
import { effectiveMode, REMEDIATIONS, remediationActions } from "./index.ts";

const RULES_DIR = join(import.meta.dirname, "..", "rules");

describe("remediation catalogue", () => {
  it("registers every plan file, each beside a rule of the resource kind it plans for", () => {
    const files = readdirSync(RULES_DIR, { recursive: true })
      .map(String)
      .filter((file) => file.endsWith(".remediation.ts"))
      .map((file) => file.split(/[\\/]/).pop()?.replace(".remediation.ts", ""));
    expect(REMEDIATIONS.map((r) => r.ruleId).sort()).toEqual(files.sort());
    const tests = readdirSync(RULES_DIR, { recursive: true }).map(String);
    for (const id of files) {
      expect(
        tests.some((file) => file.endsWith(`${id}.remediation.test.ts`)),
        `${id} has no plan test`,
      ).toBe(true);
    }
    for (const remediation of REMEDIATIONS) {
      // The catalogue (docs/remediations.md) says what each plan changes and how it is undone.
      expect(remediation.description.length, remediation.ruleId).toBeGreaterThanOrEqual(40);
      expect(remediation.description, remediation.ruleId).toMatch(/Undone by/);
      const rule = RULES.find((r) => r.id === remediation.ruleId);
      expect(rule, remediation.ruleId).toBeDefined();
      expect(rule?.kinds, remediation.ruleId).toContain(remediation.kind);
    }
  });

  it("gives the remediator exactly the write actions of the rules not switched off", () => {
    expect(remediationActions({})).toEqual([
      "apigateway:PATCH",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateTable",
      "iam:DetachRolePolicy",
      "lambda:PutFunctionConcurrency",
      "lambda:PutFunctionRecursionConfig",
      "lambda:RemovePermission",
      "lambda:UpdateFunctionUrlConfig",
      "s3:PutBucketPublicAccessBlock",
      "sns:SetTopicAttributes",
      "sqs:SetQueueAttributes",
    ]);
    const everythingOff = Object.fromEntries(REMEDIATIONS.map((r) => [r.ruleId, "off" as const]));
    expect(remediationActions(everythingOff)).toEqual([]);
    expect(remediationActions({ ...everythingOff, "dynamodb-pitr-disabled": "auto" })).toEqual([
      "dynamodb:UpdateContinuousBackups",
    ]);
    // Opt-in: recycling stale functions is off, and its action not granted, until a mode is named for it.
    expect(remediationActions({})).not.toContain("lambda:UpdateFunctionConfiguration");
    expect(remediationActions({ "lambda-not-redeployed": "dry-run" })).toContain("lambda:UpdateFunctionConfiguration");
  });

  it("never lets an approve-only plan run in auto", () => {
    const urlAuth = REMEDIATIONS.find((r) => r.ruleId === "lambda-url-auth-none")!;
    expect(effectiveMode("auto", urlAuth)).toBe("approve");
    expect(effectiveMode("dry-run", urlAuth)).toBe("dry-run");
    expect(effectiveMode("auto", REMEDIATIONS.find((r) => r.ruleId === "dynamodb-pitr-disabled")!)).toBe("auto");
  });
});
