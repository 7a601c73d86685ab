import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, lambdaFunction, model, restMethod } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-concurrency-uncapped.ts";

describe(rule.id, () => {
  it("Compliance: a reservation, and a reservation of 0 (switched off)", () => {
    const results = runRule(rule, model(lambdaFunction("capped"), lambdaFunction("off", { reservedConcurrency: 0 })));
    expect(statusOf(results, "capped")).toEqual(["pass"]);
    expect(statusOf(results, "off")).toEqual(["pass"]);
    expect(results.find((r) => r.resourceName === "off")?.message).toContain("switched off");
  });

  it("Noncompliance: no reservation on an internal function", () => {
    const [result] = runRule(rule, model(lambdaFunction("worker", { reservedConcurrency: undefined })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "reservedConcurrency", value: null }]);
  });

  it("Real world: a function behind an open REST method is left to lambda-public-trigger-uncapped", () => {
    const fn = lambdaFunction("public", { reservedConcurrency: undefined });
    const method = restMethod("api123", "/orders", "GET", {
      authorizationType: "NONE",
      integrationFunctionArn: arns.fn("public"),
    });
    const [result] = runRule(rule, model(fn, method));
    expect(result?.status).toBe("pass");
    expect(result?.message).toContain("lambda-public-trigger-uncapped");
  });

  it("Undetermined: reservation from a parameter", () => {
    const [result] = runRule(rule, model(lambdaFunction("param", { reservedConcurrency: unknown("Ref Reserved") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref Reserved");
  });
});
