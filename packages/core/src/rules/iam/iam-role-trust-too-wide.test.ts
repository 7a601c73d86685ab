import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { iamRole, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-trust-too-wide.ts";

const trusting = (...Statement: unknown[]) =>
  runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role", { trustPolicy: policy({ Statement }) })));
const assume = (Principal: unknown) => ({ Effect: "Allow", Principal, Action: "sts:AssumeRole" });

describe(rule.id, () => {
  it("Compliance: lambda.amazonaws.com only", () => {
    expect(statusOf(trusting(assume({ Service: "lambda.amazonaws.com" })), "orders-role")).toEqual(["pass"]);
  });

  it("must not fire: Lambda@Edge (edgelambda) beside lambda, and a Deny statement", () => {
    const results = trusting(assume({ Service: ["lambda.amazonaws.com", "edgelambda.amazonaws.com"] }), {
      Effect: "Deny",
      Principal: "*",
      Action: "sts:AssumeRole",
    });
    expect(statusOf(results, "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance 1: another service and an account share the role", () => {
    const [result] = trusting(
      assume({ Service: ["lambda.amazonaws.com", "states.amazonaws.com"] }),
      assume({ AWS: "arn:aws:iam::999999999999:root" }),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe(
      "trust policy admits Service states.amazonaws.com, AWS arn:aws:iam::999999999999:root",
    );
    expect(result?.evidence.map((e) => e.type === "statement" && e.index)).toEqual([0, 1]);
  });

  it('Noncompliance 2: "*"', () => {
    expect(trusting(assume("*"))[0]?.message).toBe("trust policy admits *");
  });

  it("Undetermined: an unresolved principal or trust policy", () => {
    expect(trusting(assume({ Service: "lambda.amazonaws.com", AWS: unknown("Ref Partner") }))[0]?.message).toContain(
      "Ref Partner",
    );
    const role = iamRole("orders-role", { trustPolicy: unknown("iam:GetRole denied") });
    expect(runRule(rule, model(lambdaFunction("orders"), role))[0]?.message).toContain("iam:GetRole denied");
  });
});
