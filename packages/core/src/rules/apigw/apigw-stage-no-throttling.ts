import { z } from "zod";
import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { ACCOUNT_RATE_LIMIT_DEFAULT, assessThrottle, stageWideSetting } from "../../model/apis.ts";

export default defineRule({
  id: "apigw-stage-no-throttling",
  title: "REST API stage has no stage-wide throttle",
  severity: "medium",
  practice: 8,
  kinds: ["apigateway.stage"],
  options: z.object({
    /** The account's API Gateway request quota in this Region (10,000 rps unless AWS raised it). */
    accountRateLimit: z.number().positive().default(ACCOUNT_RATE_LIMIT_DEFAULT),
  }),
  rationale:
    "The account-level limit (10,000 requests per second by default) is shared by every API of the account and " +
    "is not a cap for one stage: without its own rate and burst limits on `/* *`, one stage can take the whole " +
    "quota, starve the other APIs and scale the functions behind it, and the bill, as far as the attacker likes.",
  remediation: {
    summary: "Set throttling rate and burst limits on the stage's `/* *` method setting, sized to expected peak load.",
    cli:
      "aws apigateway update-stage --rest-api-id <api> --stage-name <stage> --patch-operations " +
      "op=replace,path=/*/*/throttling/rateLimit,value=100 op=replace,path=/*/*/throttling/burstLimit,value=200",
    iac:
      "AWS::ApiGateway::Stage: MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', " +
      "ThrottlingRateLimit: 100, ThrottlingBurstLimit: 200}]",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-8"] },
  check(stage, { options }) {
    const throttle = assessThrottle(stageWideSetting(stage), options.accountRateLimit);
    if (throttle.capped === true) {
      return pass(`stage-wide throttle: ${throttle.rateLimit} rps, burst ${throttle.burstLimit}`);
    }
    if (throttle.capped === "unknown") return undetermined(`the stage-wide ${throttle.field}`, throttle.value);
    return fail(
      `stage-wide throttle does not cap requests: ${throttle.problem}`,
      setting(`methodSettings[/* *].${throttle.field}`, throttle.value),
    );
  },
});
