import { methodSettingPath, stageWideSetting } from "../../model/apis.ts";
import { isUnknown } from "../../model/value.ts";
import { defineRemediation, type PlannedChange } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";
import {
  ACCESS_LOG_FORMAT,
  methodSettingPatchPath,
  type PatchOperation,
  remove,
  replace,
  restApiIdOf,
  stagePatch,
} from "../../remediation/stage-patch.ts";

export default defineRemediation({
  ruleId: "apigw-stage-logging-off",
  description:
    "Sets execution logging to ERROR on the stage's `/* *` method setting and on each method that turns it OFF, and, " +
    "when `remediation.accessLogDestinationArn` is configured, sends access logs there (one UpdateStage). Execution " +
    "logging needs the account's API Gateway CloudWatch role. Undone by restoring each previous logging level and " +
    "removing the access log settings it added.",
  kind: "apigateway.stage",
  actions: ["apigateway:PATCH"],
  scope: SCOPES.restApiStage,
  maxMode: "auto",
  plan(stage, settings) {
    const restApiId = restApiIdOf(stage.restApiArn);
    if (!restApiId || isUnknown(stage.stageName)) return undefined;
    const patch: PatchOperation[] = [];
    const undo: PatchOperation[] = [];
    const changes: PlannedChange[] = [];

    const stageWide = stageWideSetting(stage);
    const level = stageWide?.loggingLevel;
    if (!isUnknown(level) && (level === undefined || level === "OFF")) {
      patch.push(replace("/*/*/logging/loglevel", "ERROR"));
      // A stage without a `/* *` setting gets one from this call: removing it restores the stage exactly.
      undo.push(stageWide ? replace("/*/*/logging/loglevel", "OFF") : remove("/*/*"));
      changes.push({ path: "methodSettings[/* *].loggingLevel", before: level ?? null, after: "ERROR" });
    }
    for (const methodSetting of stage.methodSettings) {
      if (methodSetting === stageWide || methodSetting.loggingLevel !== "OFF") continue;
      const path = `${methodSettingPatchPath(methodSetting.resourcePath, methodSetting.httpMethod)}/logging/loglevel`;
      patch.push(replace(path, "ERROR"));
      undo.push(replace(path, "OFF"));
      changes.push({ path: methodSettingPath(methodSetting, "loggingLevel"), before: "OFF", after: "ERROR" });
    }
    const destination = settings?.accessLogDestinationArn;
    if (destination && stage.accessLogDestination === undefined) {
      patch.push(replace("/accessLogSettings/destinationArn", destination));
      patch.push(replace("/accessLogSettings/format", ACCESS_LOG_FORMAT));
      undo.push(remove("/accessLogSettings"));
      changes.push({ path: "accessLogDestination", before: null, after: destination });
    }
    if (patch.length === 0) return undefined;
    return stagePatch({
      ruleId: "apigw-stage-logging-off",
      stage,
      restApiId,
      stageName: stage.stageName,
      summary: `turn on ${changes.some((c) => c.path === "accessLogDestination") ? "execution and access" : "execution"} logging of stage ${stage.stageName}`,
      changes,
      patch,
      undo,
    });
  },
});
