import { stageWideSetting } from "../../model/apis.ts";
import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";
import {
  AWS_METHOD_THROTTLE_DEFAULTS,
  remove,
  replace,
  restApiIdOf,
  stagePatch,
} from "../../remediation/stage-patch.ts";

export default defineRemediation({
  ruleId: "apigw-stage-no-throttling",
  description:
    "Sets the configured rate and burst limits (`remediation.stageThrottle`) on the stage's `/* *` method setting " +
    "with UpdateStage; without a configured throttle nothing is planned (a limit below the real peak refuses callers). " +
    "Undone by restoring the previous limits, or by removing the `/* *` setting when the stage had none.",
  kind: "apigateway.stage",
  actions: ["apigateway:PATCH"],
  scope: SCOPES.restApiStage,
  maxMode: "auto",
  plan(stage, settings) {
    const throttle = settings?.stageThrottle;
    const restApiId = restApiIdOf(stage.restApiArn);
    if (!throttle || !restApiId || isUnknown(stage.stageName)) return undefined;
    const stageWide = stageWideSetting(stage);
    const { rateLimit, burstLimit } = stageWide ?? {};
    if (isUnknown(rateLimit) || isUnknown(burstLimit)) return undefined;
    if (rateLimit === throttle.rateLimit && burstLimit === throttle.burstLimit) return undefined;
    const set = (rate: number, burst: number) => [
      replace("/*/*/throttling/rateLimit", rate),
      replace("/*/*/throttling/burstLimit", burst),
    ];
    // A stage-wide setting AWS created holds both limits; one a template wrote may not: AWS's defaults restore it.
    const undo = stageWide
      ? set(rateLimit ?? AWS_METHOD_THROTTLE_DEFAULTS.rateLimit, burstLimit ?? AWS_METHOD_THROTTLE_DEFAULTS.burstLimit)
      : [remove("/*/*")];
    return stagePatch({
      ruleId: "apigw-stage-no-throttling",
      stage,
      restApiId,
      stageName: stage.stageName,
      summary: `throttle stage ${stage.stageName} at ${throttle.rateLimit} rps, burst ${throttle.burstLimit}`,
      changes: [
        { path: "methodSettings[/* *].rateLimit", before: rateLimit ?? null, after: throttle.rateLimit },
        { path: "methodSettings[/* *].burstLimit", before: burstLimit ?? null, after: throttle.burstLimit },
      ],
      patch: set(throttle.rateLimit, throttle.burstLimit),
      undo,
    });
  },
});
