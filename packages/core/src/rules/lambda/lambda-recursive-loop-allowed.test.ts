import { describe, expect, it } from "vitest";
import { LAMBDA_DEFAULTS } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-recursive-loop-allowed.ts";

describe(rule.id, () => {
  it("Compliance: Terminate, the default every reader fills in", () => {
    expect(statusOf(runRule(rule, model(lambdaFunction("safe"))), "safe")).toEqual(["pass"]);
  });

  it("Real world: a template without RecursiveLoop gets the AWS default", () => {
    const fn = lambdaFunction("tpl", { recursiveLoop: LAMBDA_DEFAULTS.recursiveLoop });
    expect(statusOf(runRule(rule, model(fn)), "tpl")).toEqual(["pass"]);
  });

  it("Noncompliance: Allow, pointing at the setting", () => {
    const [result] = runRule(rule, model(lambdaFunction("loop", { recursiveLoop: "Allow" })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "recursiveLoop", value: "Allow" }]);
  });

  it("Undetermined: moto and older accounts cannot answer GetFunctionRecursionConfig", () => {
    const fn = lambdaFunction("moto", { recursiveLoop: unknown("GetFunctionRecursionConfig not implemented") });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("not implemented");
  });
});
