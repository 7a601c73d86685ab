import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventRule, lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-async-retries-no-destination.ts";

const retries = (maximumRetryAttempts: number | ReturnType<typeof unknown>) => ({
  asyncInvoke: { maximumRetryAttempts, maximumEventAgeSeconds: 3600 },
});

describe(rule.id, () => {
  it("Compliance: retries with an on-failure destination, retries off, and no configuration", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("dest"),
        lambdaFunction("off", retries(0)),
        lambdaFunction("none", { asyncInvoke: undefined }),
      ),
    );
    expect(statusOf(results, "dest")).toEqual(["pass"]);
    expect(statusOf(results, "off")).toEqual(["pass"]);
    expect(statusOf(results, "none")).toEqual(["pass"]);
  });

  it("Noncompliance: retries without a destination", () => {
    const [result] = runRule(rule, model(lambdaFunction("worker", retries(2))));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toContainEqual({ type: "setting", path: "asyncInvoke.maximumRetryAttempts", value: 2 });
  });

  it("Real world: an EventBridge-triggered function is left to lambda-async-no-failure-destination", () => {
    const fn = lambdaFunction("cron", retries(2));
    const rule1 = eventRule("nightly", { targets: [{ id: "t1", arn: arns.fn("cron") }] });
    expect(statusOf(runRule(rule, model(fn, rule1)), "cron")).toEqual(["not_applicable"]);
  });

  it("Undetermined: the retry count is a parameter", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", retries(unknown("Ref Retries")))));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref Retries");
  });
});
