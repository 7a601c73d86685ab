import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { httpStage, model } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./apigwv2-stage-no-throttling.ts";

describe(rule.id, () => {
  it("Compliance: 50 rps, burst 100 on the default route", () => {
    const [result] = runRule(rule, model(httpStage()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: no default route settings at all", () => {
    const [result] = runRule(rule, model(httpStage("http123", "$default", { defaultRouteThrottle: undefined })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "defaultRouteThrottle.rateLimit", value: null }]);
  });

  it("Real world: detailed metrics on, throttle left at the account defaults, fires", () => {
    const stage = httpStage("http123", "$default", { defaultRouteThrottle: { rateLimit: 10_000, burstLimit: 5000 } });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("caps nothing");
  });

  it("Real world: a throttled stage with a stricter route override does not fire", () => {
    const stage = httpStage("http123", "$default", {
      routeThrottles: [{ routeKey: "POST /login", rateLimit: 5, burstLimit: 10 }],
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a burst limit from a parameter", () => {
    const stage = httpStage("http123", "$default", {
      defaultRouteThrottle: { rateLimit: 100, burstLimit: unknown("Ref BurstParam") },
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref BurstParam");
  });
});
