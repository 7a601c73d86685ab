import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { restStage } from "../../testing/builders.ts";
import remediation from "./apigw-stage-no-throttling.remediation.ts";

const THROTTLE = { stageThrottle: { rateLimit: 100, burstLimit: 200 } };
const call = (patchOperations: unknown) => ({
  service: "apigateway",
  operation: "UpdateStage",
  input: { restApiId: "api123", stageName: "prod", patchOperations },
  iamAction: "apigateway:PATCH",
});

describe(`${remediation.ruleId} remediation`, () => {
  it("sets the configured limits on `/* *`, undone by the limits it had", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [{ resourcePath: "/*", httpMethod: "*", rateLimit: 10_000, burstLimit: 5_000 }],
    });
    expect(remediation.plan(stage, THROTTLE)).toEqual({
      ruleId: "apigw-stage-no-throttling",
      resourceId: stage.id,
      summary: "throttle stage prod at 100 rps, burst 200",
      changes: [
        { path: "methodSettings[/* *].rateLimit", before: 10_000, after: 100 },
        { path: "methodSettings[/* *].burstLimit", before: 5_000, after: 200 },
      ],
      calls: [
        call([
          { op: "replace", path: "/*/*/throttling/rateLimit", value: "100" },
          { op: "replace", path: "/*/*/throttling/burstLimit", value: "200" },
        ]),
      ],
      undo: [
        call([
          { op: "replace", path: "/*/*/throttling/rateLimit", value: "10000" },
          { op: "replace", path: "/*/*/throttling/burstLimit", value: "5000" },
        ]),
      ],
    });
  });

  it("removes the `/* *` setting it created when the stage had none", () => {
    const plan = remediation.plan(restStage("api123", "prod", { methodSettings: [] }), THROTTLE);
    expect(plan?.undo).toEqual([call([{ op: "remove", path: "/*/*" }])]);
    expect(plan?.changes[0]).toEqual({ path: "methodSettings[/* *].rateLimit", before: null, after: 100 });
  });

  it("plans nothing without a configured throttle, when already so, or on unknown limits", () => {
    const stage = restStage("api123", "prod", { methodSettings: [] });
    expect(remediation.plan(stage)).toBeUndefined();
    const already = restStage("api123", "prod", {
      methodSettings: [{ resourcePath: "/*", httpMethod: "*", rateLimit: 100, burstLimit: 200 }],
    });
    expect(remediation.plan(already, THROTTLE)).toBeUndefined();
    const unreadable = restStage("api123", "prod", {
      methodSettings: [{ resourcePath: "/*", httpMethod: "*", rateLimit: unknown("GetStage denied"), burstLimit: 5 }],
    });
    expect(remediation.plan(unreadable, THROTTLE)).toBeUndefined();
  });
});
