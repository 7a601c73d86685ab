import { z } from "zod";
import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { ACCOUNT_RATE_LIMIT_DEFAULT, assessThrottle } from "../../model/apis.ts";

export default defineRule({
  id: "apigwv2-stage-no-throttling",
  title: "API Gateway v2 stage has no default route throttle",
  severity: "medium",
  practice: 8,
  kinds: ["apigatewayv2.stage"],
  options: z.object({
    /** The account's API Gateway request quota in this Region (10,000 rps unless AWS raised it). */
    accountRateLimit: z.number().positive().default(ACCOUNT_RATE_LIMIT_DEFAULT),
  }),
  rationale:
    "HTTP and WebSocket APIs have no usage plans: the stage's default route throttle is the only cap on how fast " +
    "callers can invoke the functions behind it. The account-level limit (10,000 rps by default) is shared by " +
    "every API of the account and caps nothing for one stage.",
  remediation: {
    summary: "Set default route throttling (rate and burst) on the stage, sized to expected peak load.",
    cli:
      "aws apigatewayv2 update-stage --api-id <api> --stage-name <stage> " +
      "--default-route-settings ThrottlingRateLimit=100,ThrottlingBurstLimit=200",
    iac: "AWS::ApiGatewayV2::Stage: DefaultRouteSettings: { ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200 }",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-8"] },
  check(stage, { options }) {
    const throttle = assessThrottle(stage.defaultRouteThrottle, options.accountRateLimit);
    if (throttle.capped === true) {
      return pass(`default route throttle: ${throttle.rateLimit} rps, burst ${throttle.burstLimit}`);
    }
    if (throttle.capped === "unknown") return undetermined(`the default route ${throttle.field}`, throttle.value);
    return fail(
      `default route throttle does not cap requests: ${throttle.problem}`,
      setting(`defaultRouteThrottle.${throttle.field}`, throttle.value),
    );
  },
});
