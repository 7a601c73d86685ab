import { describe, expect, it } from "vitest";
import { LAMBDA_DEFAULTS } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-tracing-disabled.ts";

describe(rule.id, () => {
  it("Compliance: Active tracing", () => {
    expect(statusOf(runRule(rule, model(lambdaFunction("traced"))), "traced")).toEqual(["pass"]);
  });

  it("Noncompliance: the PassThrough default of a template without TracingConfig", () => {
    const [result] = runRule(rule, model(lambdaFunction("plain", { tracing: LAMBDA_DEFAULTS.tracing })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "tracing", value: "PassThrough" }]);
  });

  it("Real world: a container-image function with Active tracing passes like any other", () => {
    const fn = lambdaFunction("image", { packageType: "Image", runtime: undefined, tracing: "Active" });
    expect(statusOf(runRule(rule, model(fn)), "image")).toEqual(["pass"]);
  });

  it("Undetermined: tracing mode from a parameter", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", { tracing: unknown("Ref TracingMode") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref TracingMode");
  });
});
