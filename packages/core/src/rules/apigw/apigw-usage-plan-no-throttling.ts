import { z } from "zod";
import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, notApplicable, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import {
  ACCOUNT_RATE_LIMIT_DEFAULT,
  assessThrottle,
  stagesOf,
  stageWideSetting,
  usagePlansCovering,
} from "../../model/apis.ts";
import type { RestApi, RestApiStage, UsagePlan } from "../../model/resources.ts";
import { isUnknown } from "../../model/value.ts";

const nameOf = (resource: UsagePlan | RestApiStage) => (isUnknown(resource.name) ? resource.id : resource.name);

const planThrottleSetting = (plan: UsagePlan, gap: { field: string; value: unknown }) =>
  setting(`usagePlans[${nameOf(plan)}].throttle.${gap.field}`, gap.value);

/** A plan with neither throttle nor quota caps nothing, whatever stage it covers. */
function judgePlan(plan: UsagePlan, api: RestApi): Outcome {
  const throttle = assessThrottle(plan.throttle);
  if (throttle.capped === true || plan.quota !== undefined) return pass();
  if (throttle.capped === "unknown") {
    return undetermined(`the ${throttle.field} of usage plan ${nameOf(plan)}`, throttle.value);
  }
  return fail(
    `usage plan ${nameOf(plan)} caps nothing: ${throttle.problem} and it has no quota`,
    { type: "edge", from: plan.arn, to: api.arn, relation: "usage plan covers API" },
    planThrottleSetting(plan, throttle),
  );
}

/** A quota-only plan caps the rate only through the stage's own throttle. */
function judgeQuotaOnlyPlan(plan: UsagePlan, stage: RestApiStage, accountRateLimit: number): Outcome {
  const throttle = assessThrottle(plan.throttle);
  if (throttle.capped !== false || plan.quota === undefined) return pass();
  const stageThrottle = assessThrottle(stageWideSetting(stage), accountRateLimit);
  if (stageThrottle.capped === true) return pass();
  if (stageThrottle.capped === "unknown") {
    return undetermined(`the ${stageThrottle.field} of stage ${nameOf(stage)}`, stageThrottle.value);
  }
  return fail(
    `usage plan ${nameOf(plan)} sets a quota but no throttle (${throttle.problem}) and stage ${nameOf(stage)} ` +
      "has no throttle either: each API key can spend its quota at any rate",
    { type: "edge", from: plan.arn, to: stage.arn, relation: "usage plan covers stage" },
    planThrottleSetting(plan, throttle),
    setting(`stages[${nameOf(stage)}].methodSettings[/* *].${stageThrottle.field}`, stageThrottle.value),
  );
}

export default defineRule({
  id: "apigw-usage-plan-no-throttling",
  title: "REST API usage plan does not throttle the API keys it admits",
  severity: "medium",
  practice: 8,
  kinds: ["apigateway.rest-api"],
  context: ["usage-plans"],
  options: z.object({
    /** The account's API Gateway request quota in this Region (10,000 rps unless AWS raised it). */
    accountRateLimit: z.number().positive().default(ACCOUNT_RATE_LIMIT_DEFAULT),
  }),
  rationale:
    "Usage plans are the per-client layer of REST API throttling: each API key gets its own rate, burst and " +
    "quota. A plan with neither throttle nor quota admits its keys without any cap, and a quota-only plan on an " +
    "unthrottled stage lets a key spend a month's quota in seconds. An API with no usage plan at all is left to " +
    "apigw-stage-no-throttling, which already reports its unthrottled stages: this rule judges only plans that " +
    "exist, so one missing throttle never yields two findings for the same setting.",
  remediation: {
    summary: "Give every usage plan a throttle (rate and burst) and a quota sized for one client.",
    cli:
      "aws apigateway update-usage-plan --usage-plan-id <plan> --patch-operations " +
      "op=replace,path=/throttle/rateLimit,value=10 op=replace,path=/throttle/burstLimit,value=20",
    iac: "AWS::ApiGateway::UsagePlan: Throttle: { RateLimit: 10, BurstLimit: 20 }, Quota: { Limit: 100000, Period: MONTH }",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-8"] },
  check(api, { model, options }) {
    const coverage = stagesOf(model, api).map((stage) => ({ stage, ...usagePlansCovering(model, stage) }));
    const plans = [...new Set(coverage.flatMap((c) => c.plans))];
    const uncertain = coverage.flatMap(({ stage, uncertain }) =>
      uncertain ? [undetermined(`the usage plans of stage ${nameOf(stage)}`, uncertain)] : [],
    );
    if (plans.length === 0 && uncertain.length === 0) {
      return notApplicable("no usage plan covers this API (stage throttles are judged by apigw-stage-no-throttling)");
    }
    const parts = [
      ...uncertain,
      ...plans.map((plan) => judgePlan(plan, api)),
      ...coverage.flatMap(({ stage, plans }) =>
        plans.map((plan) => judgeQuotaOnlyPlan(plan, stage, options.accountRateLimit)),
      ),
    ];
    return combineOutcomes(parts, "every usage plan covering this API throttles its keys or sits on a throttled stage");
  },
});
