import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, setting, undetermined } from "../../engine/rule.ts";
import { methodSettingPath, stageWideSetting } from "../../model/apis.ts";
import type { RestApiStage } from "../../model/resources.ts";
import { isUnknown } from "../../model/value.ts";

function executionLogging(stage: RestApiStage): Outcome[] {
  const stageWide = stageWideSetting(stage);
  const level = stageWide?.loggingLevel;
  const outcomes: Outcome[] = [];
  if (stageWide === undefined || level === undefined) {
    outcomes.push(
      fail(
        "execution logging is off: no `/* *` method setting sets loggingLevel ERROR or INFO",
        setting("methodSettings[/* *].loggingLevel", null),
      ),
    );
  } else if (isUnknown(level)) {
    outcomes.push(undetermined("the stage-wide logging level", level));
  } else if (level === "OFF") {
    outcomes.push(
      fail(
        "execution logging is off: loggingLevel is OFF",
        setting(methodSettingPath(stageWide, "loggingLevel"), level),
      ),
    );
  }
  // A per-method OFF silences those methods even under a stage-wide ERROR or INFO.
  for (const methodSetting of stage.methodSettings) {
    if (methodSetting === stageWide || methodSetting.loggingLevel !== "OFF") continue;
    outcomes.push(
      fail(
        `execution logging is off for ${methodSetting.httpMethod} ${methodSetting.resourcePath}`,
        setting(methodSettingPath(methodSetting, "loggingLevel"), "OFF"),
      ),
    );
  }
  return outcomes;
}

function accessLogging(stage: RestApiStage): Outcome[] {
  const destination = stage.accessLogDestination;
  if (destination === undefined) {
    return [fail("access logging is off: no access log destination", setting("accessLogDestination", null))];
  }
  return isUnknown(destination) ? [undetermined("the access log destination", destination)] : [];
}

export default defineRule({
  id: "apigw-stage-logging-off",
  title: "REST API stage has execution or access logging off",
  severity: "medium",
  practice: 7,
  kinds: ["apigateway.stage"],
  rationale:
    "Execution logs show how API Gateway handled each request (authorizer decisions, integration errors); access " +
    "logs record who called what and with which result. Without both, an attack on the API or a flood of " +
    "requests leaves no trail to detect or investigate it.",
  remediation: {
    summary: "Set loggingLevel ERROR or INFO on the `/* *` method setting and an access log destination on the stage.",
    cli:
      "aws apigateway update-stage --rest-api-id <api> --stage-name <stage> --patch-operations " +
      "op=replace,path=/*/*/logging/loglevel,value=ERROR " +
      "op=replace,path=/accessLogSettings/destinationArn,value=<log-group-arn>",
    iac:
      "AWS::ApiGateway::Stage: MethodSettings: [{ResourcePath: '/*', HttpMethod: '*', LoggingLevel: ERROR}], " +
      "AccessLogSetting: { DestinationArn: !GetAtt AccessLogs.Arn }",
  },
  mappings: { owasp: ["A10"], sas: ["SAS-5"], fsbp: ["APIGateway.1"] },
  check(stage) {
    return combineOutcomes(
      [...executionLogging(stage), ...accessLogging(stage)],
      "execution logging and access logging are on",
    );
  },
});
