import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./lambda-runtime-eol-soon.ts";

// nodejs22.x is deprecated on 2027-04-30: 152½ days after TEST_NOW (2026-11-28 12:00Z).
describe(rule.id, () => {
  it("Compliance: deprecation beyond the default 90-day window", () => {
    const [result] = runRule(rule, model(lambdaFunction("node22", { runtime: "nodejs22.x" })));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: inside a wider window set by option", () => {
    const [result] = runRule(rule, model(lambdaFunction("node22", { runtime: "nodejs22.x" })), {
      options: { warningDays: 180 },
    });
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("in 152 days");
    expect(result?.evidence).toEqual([{ type: "setting", path: "runtime", value: "nodejs22.x" }]);
  });

  it("Noncompliance: inside the default window", () => {
    const [result] = runRule(
      rule,
      model(lambdaFunction("node22", { runtime: "nodejs22.x" })),
      {},
      new Date("2027-03-01T00:00:00Z"),
    );
    expect(result?.status).toBe("fail");
  });

  it("Real world: an already-deprecated runtime is left to lambda-runtime-deprecated", () => {
    const [result] = runRule(rule, model(lambdaFunction("node20", { runtime: "nodejs20.x" })));
    expect(result?.status).toBe("not_applicable");
  });

  it("Undetermined: an unresolved runtime", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", { runtime: unknown("Ref Runtime") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref Runtime");
  });
});
