import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { iamRole, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-lambda-role-unused.ts";

describe(rule.id, () => {
  it("Compliance: the role of a function", () => {
    expect(statusOf(runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role"))), "orders-role")).toEqual([
      "pass",
    ]);
  });

  it("Noncompliance: a Lambda-only role no function uses", () => {
    const results = runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role"), iamRole("old-role")));
    const [result] = results.filter((r) => r.resourceName === "old-role");
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("no function in the model uses it");
  });

  it("must not fire: roles other services assume, or a model without functions", () => {
    const states = iamRole("workflow-role", {
      trustPolicy: policy({
        Statement: [{ Effect: "Allow", Principal: { Service: "states.amazonaws.com" }, Action: "sts:AssumeRole" }],
      }),
    });
    expect(
      statusOf(runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role"), states)), "workflow-role"),
    ).toEqual(["not_applicable"]);
    expect(statusOf(runRule(rule, model(iamRole("old-role"))), "old-role")).toEqual(["not_applicable"]);
  });

  it("Undetermined: a function whose role is unresolved may use it", () => {
    const results = runRule(
      rule,
      model(lambdaFunction("orders", { role: unknown("Ref RoleArn") }), iamRole("old-role")),
    );
    const [result] = results;
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref RoleArn");
  });
});
