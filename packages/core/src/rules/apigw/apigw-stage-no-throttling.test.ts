import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, restStage } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./apigw-stage-no-throttling.ts";

const stageWide = { resourcePath: "/*", httpMethod: "*", loggingLevel: "ERROR" as const };

describe(rule.id, () => {
  it("Compliance: 50 rps, burst 100 on `/* *`", () => {
    const [result] = runRule(rule, model(restStage()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: logging-only stage-wide setting and per-method throttles only", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [stageWide, { resourcePath: "/orders", httpMethod: "POST", rateLimit: 10, burstLimit: 20 }],
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("rateLimit is not set");
    expect(result?.evidence).toEqual([{ type: "setting", path: "methodSettings[/* *].rateLimit", value: null }]);
  });

  it("Noncompliance: a rate without burst, and -1 (no limit)", () => {
    const noBurst = restStage("api123", "a", { methodSettings: [{ ...stageWide, rateLimit: 100 }] });
    const unlimited = restStage("api123", "b", { methodSettings: [{ ...stageWide, rateLimit: -1, burstLimit: -1 }] });
    const results = runRule(rule, model(noBurst, unlimited));
    expect(results.map((r) => r.status)).toEqual(["fail", "fail"]);
    expect(results[0]?.message).toContain("burstLimit is not set");
    expect(results[1]?.message).toContain("rateLimit is -1, which means no limit");
  });

  it("Real world: the console's copied account defaults (10000 rps, burst 5000) are not a cap", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [{ ...stageWide, rateLimit: 10_000, burstLimit: 5000 }],
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("not below the account-level quota of 10000 rps");
    const [raised] = runRule(rule, model(stage), { options: { accountRateLimit: 50_000 } });
    expect(raised?.status).toBe("pass");
  });

  it("Undetermined: a rate limit from a template parameter", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [{ ...stageWide, rateLimit: unknown("Ref RateParam"), burstLimit: 100 }],
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref RateParam");
  });
});
