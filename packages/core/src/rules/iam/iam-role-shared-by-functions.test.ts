import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, iamRole, lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-shared-by-functions.ts";

describe(rule.id, () => {
  it("Compliance: one role per function", () => {
    const results = runRule(
      rule,
      model(lambdaFunction("a"), lambdaFunction("b"), iamRole("a-role"), iamRole("b-role")),
    );
    expect(statusOf(results, "a-role")).toEqual(["pass"]);
    expect(statusOf(results, "b-role")).toEqual(["pass"]);
  });

  it("Noncompliance: two functions on one role, one edge per function", () => {
    const shared = arns.role("shared-role");
    const results = runRule(
      rule,
      model(lambdaFunction("a", { role: shared }), lambdaFunction("b", { role: shared }), iamRole("shared-role")),
    );
    const [result] = results;
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("used by 2 functions: a, b");
    expect(result?.evidence).toEqual([
      { type: "edge", from: arns.fn("a"), to: shared, relation: "execution role" },
      { type: "edge", from: arns.fn("b"), to: shared, relation: "execution role" },
    ]);
  });

  it("must not fire: a role no function uses, or a function whose role is unresolved", () => {
    const results = runRule(rule, model(lambdaFunction("a", { role: unknown("Ref RoleArn") }), iamRole("a-role")));
    expect(statusOf(results, "a-role")).toEqual(["not_applicable"]);
  });
});
