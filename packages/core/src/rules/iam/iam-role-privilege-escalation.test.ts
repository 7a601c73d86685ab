import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, iamRole, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-privilege-escalation.ts";

const run = (...Statement: unknown[]) =>
  runRule(
    rule,
    model(
      lambdaFunction("orders"),
      iamRole("orders-role", { inlinePolicies: [{ name: "ops", document: policy({ Statement }) }] }),
    ),
  );

describe(rule.id, () => {
  it("Compliance: PassRole scoped to one role, as a Step Functions starter needs", () => {
    const results = run(
      {
        Effect: "Allow",
        Action: "iam:PassRole",
        Resource: arns.role("workflow-role"),
        Condition: { StringEquals: { "iam:PassedToService": "states.amazonaws.com" } },
      },
      { Effect: "Allow", Action: "states:StartExecution", Resource: "*" },
    );
    expect(statusOf(results, "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance 1: PassRole and UpdateFunctionCode on *, listed as a combination", () => {
    const [result] = run(
      { Effect: "Allow", Action: "iam:PassRole", Resource: "*" },
      {
        Effect: "Allow",
        Action: ["lambda:UpdateFunctionCode", "lambda:CreateFunction"],
        Resource: "arn:aws:lambda:*:*:function:*",
      },
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("iam:PassRole + lambda:UpdateFunctionCode on all resources");
    expect(result?.evidence).toHaveLength(2);
  });

  it("Noncompliance 2: policy edits and sts:AssumeRole through wildcards", () => {
    const [result] = run({ Effect: "Allow", Action: ["iam:Attach*", "sts:Assume*"], Resource: "*" });
    expect(result?.message).toContain(
      "iam:AttachRolePolicy + iam:AttachUserPolicy + iam:AttachGroupPolicy + sts:AssumeRole",
    );
  });

  it("must not fire: administrator access is iam-role-admin-access's finding, but escalation beside it still fails", () => {
    const everything = { Effect: "Allow", Action: "*", Resource: "*" };
    const [admin] = run(everything);
    expect(admin).toMatchObject({ status: "pass", message: expect.stringContaining("iam-role-admin-access") });
    const [both] = run(everything, { Effect: "Allow", Action: "iam:PassRole", Resource: "*" });
    expect(both).toMatchObject({ status: "fail", message: expect.stringContaining("iam:PassRole on all resources") });
  });

  it("must not fire: an unconditioned Deny takes the action back", () => {
    const results = run(
      { Effect: "Allow", Action: "sts:AssumeRole", Resource: "*" },
      { Effect: "Deny", Action: "sts:*", Resource: "*" },
    );
    expect(statusOf(results, "orders-role")).toEqual(["pass"]);
  });

  it("Undetermined: unresolved actions could hide an escalation", () => {
    const [result] = run({ Effect: "Allow", Action: unknown("Ref Actions"), Resource: "*" });
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("iam:PassRole");
  });
});
