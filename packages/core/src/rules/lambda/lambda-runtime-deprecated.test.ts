import { describe, expect, it } from "vitest";
import { LAMBDA_RUNTIMES } from "../../data/lambda-runtimes.ts";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-runtime-deprecated.ts";

describe(rule.id, () => {
  it("Compliance: current runtimes", () => {
    const results = runRule(
      rule,
      model(lambdaFunction("node", { runtime: "nodejs24.x" }), lambdaFunction("py", { runtime: "python3.13" })),
    );
    expect(statusOf(results, "node")).toEqual(["pass"]);
    expect(statusOf(results, "py")).toEqual(["pass"]);
  });

  it("Noncompliance: nodejs20.x, deprecated on 2026-04-30, names dates and the setting", () => {
    const [result] = runRule(rule, model(lambdaFunction("old", { runtime: "nodejs20.x" })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("deprecated since 2026-04-30");
    expect(result?.message).toContain("updating functions blocked from 2027-03-03");
    expect(result?.evidence).toEqual([{ type: "setting", path: "runtime", value: "nodejs20.x" }]);
  });

  it("Noncompliance: go1.x and the AL1 custom runtime are past their dates", () => {
    const results = runRule(
      rule,
      model(lambdaFunction("go", { runtime: "go1.x" }), lambdaFunction("al1", { runtime: "provided" })),
    );
    expect(statusOf(results, "go")).toEqual(["fail"]);
    expect(statusOf(results, "al1")).toEqual(["fail"]);
  });

  it("Boundary: the deprecation day itself counts as deprecated", () => {
    const [result] = runRule(
      rule,
      model(lambdaFunction("edge", { runtime: "nodejs22.x" })),
      {},
      new Date("2027-04-30T00:00:00Z"),
    );
    expect(result?.status).toBe("fail");
  });

  it("Real world: a container image has no runtime and is not judged", () => {
    const image = lambdaFunction("image", { packageType: "Image", runtime: undefined, handler: undefined });
    const [result] = runRule(rule, model(image));
    expect(result?.status).toBe("not_applicable");
  });

  it("Real world: a runtime newer than the table passes", () => {
    const [result] = runRule(rule, model(lambdaFunction("next", { runtime: "nodejs26.x" })));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a runtime from a template parameter", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", { runtime: unknown("Ref RuntimeParam") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref RuntimeParam");
  });

  it("the table keeps dates in order (create/update blocks never before deprecation, except the oldest rows)", () => {
    for (const [id, lifecycle] of Object.entries(LAMBDA_RUNTIMES)) {
      expect(lifecycle.deprecated, id).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      if (lifecycle.deprecated >= "2021-01-01") {
        expect(lifecycle.blockCreate! >= lifecycle.deprecated, id).toBe(true);
        expect(lifecycle.blockUpdate! >= lifecycle.blockCreate!, id).toBe(true);
      }
    }
  });
});
