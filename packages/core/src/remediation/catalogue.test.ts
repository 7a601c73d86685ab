import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { RULES } from "../rules/index.ts";
import { deployedRemediations, effectiveMode, REMEDIATIONS, remediationActions, remediationGrants } from "./index.ts";

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

  it("gives the remediator the write actions of the acting plans only: dry-run changes nothing and holds nothing", () => {
    expect(remediationActions({})).toEqual([]);
    expect(deployedRemediations({}).length).toBe(REMEDIATIONS.filter((r) => !r.optIn).length);
    const everything = (mode: "off" | "approve") => Object.fromEntries(REMEDIATIONS.map((r) => [r.ruleId, mode]));
    expect(remediationActions(everything("off"))).toEqual([]);
    expect(remediationActions(everything("approve"))).toEqual([
      "apigateway:PATCH",
      "dynamodb:UpdateContinuousBackups",
      "dynamodb:UpdateTable",
      "iam:DetachRolePolicy",
      "lambda:PutFunctionConcurrency",
      "lambda:PutFunctionRecursionConfig",
      "lambda:RemovePermission",
      "lambda:UpdateFunctionConfiguration",
      "lambda:UpdateFunctionUrlConfig",
      "s3:PutBucketPublicAccessBlock",
      "sns:SetTopicAttributes",
      "sqs:SetQueueAttributes",
    ]);
    expect(remediationActions({ "dynamodb-pitr-disabled": "auto", "sqs-queue-unencrypted": "dry-run" })).toEqual([
      "dynamodb:UpdateContinuousBackups",
    ]);
  });

  it("scopes each acting plan's grant to its kind of resource in the deploying account", () => {
    const grants = remediationGrants(
      {
        "dynamodb-pitr-disabled": "auto",
        "iam-role-admin-access": "approve",
        "s3-bucket-public-write-trigger": "auto",
      },
      "123456789012",
    );
    expect(grants).toEqual([
      { actions: ["dynamodb:UpdateContinuousBackups"], resources: ["arn:aws:dynamodb:*:123456789012:table/*"] },
      {
        actions: ["iam:DetachRolePolicy"],
        resources: ["arn:aws:iam::123456789012:role/*"],
        conditions: [
          { test: "ArnEquals", variable: "iam:PolicyARN", values: ["arn:aws:iam::aws:policy/AdministratorAccess"] },
        ],
      },
      {
        actions: ["s3:PutBucketPublicAccessBlock"],
        resources: ["arn:aws:s3:::*"],
        conditions: [{ test: "StringEquals", variable: "aws:ResourceAccount", values: ["123456789012"] }],
      },
    ]);
    // No plan's scope is everything.
    for (const planner of REMEDIATIONS) expect(planner.scope.resources, planner.ruleId).not.toContain("*");
  });

  it("never lets an approve-only plan run in auto", () => {
    const urlAuth = REMEDIATIONS.find((r) => r.ruleId === "lambda-url-auth-none")!;
    expect(effectiveMode("auto", urlAuth)).toBe("approve");
    expect(effectiveMode("dry-run", urlAuth)).toBe("dry-run");
    expect(effectiveMode("auto", REMEDIATIONS.find((r) => r.ruleId === "dynamodb-pitr-disabled")!)).toBe("auto");
  });
});
