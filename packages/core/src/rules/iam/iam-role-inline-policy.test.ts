import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { iamRole, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-inline-policy.ts";

const document = policy({ Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: "*" }] });

describe(rule.id, () => {
  it("Compliance: managed policies only", () => {
    expect(statusOf(runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role"))), "orders-role")).toEqual([
      "pass",
    ]);
  });

  it("Noncompliance: inline policies, named (an unresolved name says so)", () => {
    const role = iamRole("orders-role", {
      inlinePolicies: [
        { name: "send", document },
        { name: unknown("Fn::Sub PolicyName"), document },
      ],
    });
    const [result] = runRule(rule, model(lambdaFunction("orders"), role));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("2 inline policies: send, (unnamed: Fn::Sub PolicyName)");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "inlinePolicies", value: ["send", "(unnamed: Fn::Sub PolicyName)"] },
    ]);
  });

  it("must not fire: an inline policy on a role no function uses (a deploy or CI role)", () => {
    const role = iamRole("deploy-role", { inlinePolicies: [{ name: "deploy", document }] });
    expect(statusOf(runRule(rule, model(role)), "deploy-role")).toEqual(["not_applicable"]);
  });
});
