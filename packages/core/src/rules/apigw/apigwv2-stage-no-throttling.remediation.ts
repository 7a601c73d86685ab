import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";
import { AWS_METHOD_THROTTLE_DEFAULTS } from "../../remediation/stage-patch.ts";

export default defineRemediation({
  ruleId: "apigwv2-stage-no-throttling",
  description:
    "Sets the configured rate and burst limits (`remediation.stageThrottle`) as the stage's default route throttle " +
    "(UpdateStage); without a configured throttle nothing is planned. UpdateStage replaces the whole " +
    "DefaultRouteSettings, including detailed metrics and WebSocket logging that Vigil does not read, so a person " +
    "approves. Undone by restoring the previous limits (AWS's defaults when the stage had none).",
  kind: "apigatewayv2.stage",
  actions: ["apigateway:PATCH"],
  scope: SCOPES.httpApiStage,
  maxMode: "approve",
  plan(stage, settings) {
    const throttle = settings?.stageThrottle;
    const apiId = isUnknown(stage.apiArn) ? undefined : /\/apis\/([^/]+)/.exec(stage.apiArn)?.[1];
    if (!throttle || !apiId || isUnknown(stage.stageName)) return undefined;
    const { rateLimit, burstLimit } = stage.defaultRouteThrottle ?? {};
    if (isUnknown(rateLimit) || isUnknown(burstLimit)) return undefined;
    if (rateLimit === throttle.rateLimit && burstLimit === throttle.burstLimit) return undefined;
    const stageName = stage.stageName;
    return settingPlan({
      ruleId: "apigwv2-stage-no-throttling",
      resourceId: stage.id,
      summary: `throttle the default route of stage ${stageName} at ${throttle.rateLimit} rps, burst ${throttle.burstLimit}`,
      path: "defaultRouteThrottle",
      before: {
        rateLimit: rateLimit ?? AWS_METHOD_THROTTLE_DEFAULTS.rateLimit,
        burstLimit: burstLimit ?? AWS_METHOD_THROTTLE_DEFAULTS.burstLimit,
      },
      after: { rateLimit: throttle.rateLimit, burstLimit: throttle.burstLimit },
      call: (limits) => ({
        service: "apigatewayv2",
        operation: "UpdateStage",
        input: {
          ApiId: apiId,
          StageName: stageName,
          DefaultRouteSettings: { ThrottlingRateLimit: limits.rateLimit, ThrottlingBurstLimit: limits.burstLimit },
        },
        iamAction: "apigateway:PATCH",
      }),
    });
  },
});
