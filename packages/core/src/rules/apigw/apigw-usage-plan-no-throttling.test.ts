import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, model, restApi, restStage, usagePlan } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./apigw-usage-plan-no-throttling.ts";

const api = restApi("api123");
const unthrottled = (stageName: string) =>
  restStage("api123", stageName, { methodSettings: [{ resourcePath: "/*", httpMethod: "*", loggingLevel: "ERROR" }] });
const quota = { limit: 100_000, period: "MONTH" };

describe(rule.id, () => {
  it("Compliance: a throttled plan on the prod stage", () => {
    const [result] = runRule(rule, model(api, restStage("api123", "prod"), usagePlan("plan1")));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a plan with neither throttle nor quota, reported once for the two stages it covers", () => {
    const stages = [
      { restApiArn: arns.restApi("api123"), stageName: "prod" },
      { restApiArn: arns.restApi("api123"), stageName: "dev" },
    ];
    const plan = usagePlan("free", { apiStages: stages, throttle: undefined });
    const [result] = runRule(rule, model(api, restStage("api123", "prod"), restStage("api123", "dev"), plan));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("usage plan free caps nothing: rateLimit is not set and it has no quota");
    expect(result?.evidence).toEqual([
      { type: "edge", from: plan.arn, to: arns.restApi("api123"), relation: "usage plan covers API" },
      { type: "setting", path: "usagePlans[free].throttle.rateLimit", value: null },
    ]);
  });

  it("Noncompliance: a quota-only plan on a stage without its own throttle", () => {
    const plan = usagePlan("partners", { throttle: undefined, quota });
    const [result] = runRule(rule, model(api, unthrottled("prod"), plan));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("each API key can spend its quota at any rate");
    expect(result?.evidence).toContainEqual({
      type: "setting",
      path: "stages[prod].methodSettings[/* *].rateLimit",
      value: null,
    });
  });

  it("Real world: a quota-only plan on a throttled stage, and an API without plans, do not fire", () => {
    const quotaOnly = usagePlan("partners", { throttle: undefined, quota });
    const [onThrottledStage] = runRule(rule, model(api, restStage("api123", "prod"), quotaOnly));
    expect(onThrottledStage?.status).toBe("pass");
    // The unthrottled stage of an API without plans is apigw-stage-no-throttling's finding, not this rule's.
    const [noPlans] = runRule(rule, model(api, unthrottled("prod")));
    expect(noPlans?.status).toBe("not_applicable");
    expect(noPlans?.message).toContain("apigw-stage-no-throttling");
  });

  it("Undetermined: a plan throttle from a parameter, and a plan whose stage is unresolved", () => {
    const paramThrottle = usagePlan("plan1", { throttle: { rateLimit: unknown("Ref RateParam"), burstLimit: 10 } });
    const [fromParam] = runRule(rule, model(api, restStage("api123", "prod"), paramThrottle));
    expect(fromParam?.status).toBe("undetermined");
    expect(fromParam?.message).toContain("Ref RateParam");

    const imported = usagePlan("plan2", {
      apiStages: [{ restApiArn: arns.restApi("api123"), stageName: unknown("Fn::ImportValue stage-name") }],
    });
    const [unresolved] = runRule(rule, model(api, restStage("api123", "prod"), imported));
    expect(unresolved?.status).toBe("undetermined");
    expect(unresolved?.message).toContain("plan2 lists an unresolved API stage");
  });
});
