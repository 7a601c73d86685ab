import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-not-redeployed.ts";

describe(rule.id, () => {
  it("Compliance: deployed four weeks ago (Lambda's own timestamp format)", () => {
    const fn = lambdaFunction("fresh", { lastModified: "2026-11-01T00:00:00.000+0000" });
    expect(statusOf(runRule(rule, model(fn)), "fresh")).toEqual(["pass"]);
  });

  it("Noncompliance: deployed in spring, pointing at lastModified", () => {
    const [result] = runRule(rule, model(lambdaFunction("stale", { lastModified: "2026-03-01T10:00:00.000+0000" })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("272 days ago");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "lastModified", value: "2026-03-01T10:00:00.000+0000" },
    ]);
  });

  it("Real world: a yearly job is accepted with a longer limit", () => {
    const fn = lambdaFunction("yearly", { lastModified: "2026-03-01T10:00:00.000+0000" });
    expect(statusOf(runRule(rule, model(fn), { options: { maxAgeDays: 400 } }), "yearly")).toEqual(["pass"]);
  });

  it("Undetermined: a deployment time that could not be read", () => {
    const fn = lambdaFunction("denied", { lastModified: unknown("lambda:GetFunction denied") });
    const [result] = runRule(rule, model(fn));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("lambda:GetFunction denied");
  });

  it("does not apply to a function not deployed yet (a template's)", () => {
    const { lastModified: _, ...undeployed } = lambdaFunction("tpl");
    const [result] = runRule(rule, model(undeployed));
    expect(result).toMatchObject({ status: "not_applicable", message: expect.stringContaining("not deployed yet") });
  });
});
