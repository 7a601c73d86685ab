import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, httpRoute, lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-timeout-default-or-excessive.ts";

describe(rule.id, () => {
  it("Compliance: a chosen timeout, the 3 s default (a cost bound, not a risk), a 15-minute batch job", () => {
    const results = runRule(rule, model(lambdaFunction("api", { timeoutSeconds: 10 })));
    expect(statusOf(results, "api")).toEqual(["pass"]);
    expect(statusOf(runRule(rule, model(lambdaFunction("plain", { timeoutSeconds: 3 }))), "plain")).toEqual(["pass"]);
    const batch = runRule(rule, model(lambdaFunction("batch", { timeoutSeconds: 900 })));
    expect(statusOf(batch, "batch")).toEqual(["pass"]);
  });

  it("Noncompliance: above a maximum the team set (by default Lambda's own 900 s, so only callers' waits count)", () => {
    const slow = model(lambdaFunction("slow", { timeoutSeconds: 900 }));
    expect(statusOf(runRule(rule, slow), "slow")).toEqual(["pass"]);
    const [result] = runRule(rule, slow, { options: { maxSeconds: 300 } });
    expect(result?.message).toContain("above the 300 s maximum");
    expect(result?.evidence).toEqual([{ type: "setting", path: "timeoutSeconds", value: 900 }]);
  });

  it("Noncompliance: 60 s behind an HTTP API, past API Gateway's 29 s", () => {
    const route = httpRoute("http123", "POST /orders", { integrationFunctionArn: arns.fn("orders") });
    const [result] = runRule(rule, model(lambdaFunction("orders", { timeoutSeconds: 60 }), route));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("504");
  });

  it("Real world: 60 s for a queue worker is fine", () => {
    expect(statusOf(runRule(rule, model(lambdaFunction("worker", { timeoutSeconds: 60 }))), "worker")).toEqual([
      "pass",
    ]);
  });

  it("Undetermined: timeout from a parameter", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", { timeoutSeconds: unknown("Ref Timeout") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref Timeout");
  });
});
