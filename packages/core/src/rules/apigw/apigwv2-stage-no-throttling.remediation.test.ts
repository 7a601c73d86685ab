import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { httpStage } from "../../testing/builders.ts";
import remediation from "./apigwv2-stage-no-throttling.remediation.ts";

const THROTTLE = { stageThrottle: { rateLimit: 100, burstLimit: 200 } };
const call = (rate: number, burst: number) => ({
  service: "apigatewayv2",
  operation: "UpdateStage",
  input: {
    ApiId: "http123",
    StageName: "$default",
    DefaultRouteSettings: { ThrottlingRateLimit: rate, ThrottlingBurstLimit: burst },
  },
  iamAction: "apigateway:PATCH",
});

describe(`${remediation.ruleId} remediation`, () => {
  it("sets the configured default route throttle, undone by the previous one, and needs approval", () => {
    const stage = httpStage("http123", "$default", { defaultRouteThrottle: { rateLimit: 20_000, burstLimit: 9_000 } });
    expect(remediation.plan(stage, THROTTLE)).toEqual({
      ruleId: "apigwv2-stage-no-throttling",
      resourceId: stage.id,
      summary: "throttle the default route of stage $default at 100 rps, burst 200",
      changes: [
        {
          path: "defaultRouteThrottle",
          before: { rateLimit: 20_000, burstLimit: 9_000 },
          after: { rateLimit: 100, burstLimit: 200 },
        },
      ],
      calls: [call(100, 200)],
      undo: [call(20_000, 9_000)],
    });
    expect(remediation.maxMode).toBe("approve");
  });

  it("restores AWS's defaults when the stage had no throttle", () => {
    const plan = remediation.plan(httpStage("http123", "$default", { defaultRouteThrottle: undefined }), THROTTLE);
    expect(plan?.undo).toEqual([call(10_000, 5_000)]);
  });

  it("plans nothing without a configured throttle, when already so, or on unknown limits", () => {
    expect(remediation.plan(httpStage("http123", "$default", { defaultRouteThrottle: undefined }))).toBeUndefined();
    const already = httpStage("http123", "$default", { defaultRouteThrottle: { rateLimit: 100, burstLimit: 200 } });
    expect(remediation.plan(already, THROTTLE)).toBeUndefined();
    const unreadable = httpStage("http123", "$default", {
      defaultRouteThrottle: { rateLimit: unknown("GetStage denied"), burstLimit: 1 },
    });
    expect(remediation.plan(unreadable, THROTTLE)).toBeUndefined();
  });
});
