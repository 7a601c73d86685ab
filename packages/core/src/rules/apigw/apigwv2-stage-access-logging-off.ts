import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "apigwv2-stage-access-logging-off",
  title: "API Gateway v2 stage has access logging off",
  severity: "medium",
  practice: 7,
  kinds: ["apigatewayv2.stage"],
  rationale:
    "Access logs are the only record of who called an HTTP or WebSocket API, which route they hit and what it " +
    "answered. Without them an attack, a leaked token being replayed or a flood of requests cannot be detected " +
    "or investigated afterwards.",
  remediation: {
    summary: "Set an access log destination (a CloudWatch Logs log group) and format on the stage.",
    cli:
      "aws apigatewayv2 update-stage --api-id <api> --stage-name <stage> " +
      "--access-log-settings DestinationArn=<log-group-arn>,Format='$context.requestId $context.routeKey $context.status'",
    iac: "AWS::ApiGatewayV2::Stage: AccessLogSettings: { DestinationArn: !GetAtt AccessLogs.Arn, Format: ... }",
  },
  mappings: { owasp: ["A10"], sas: ["SAS-5"], fsbp: ["APIGateway.9"] },
  check(stage) {
    const destination = stage.accessLogDestination;
    if (destination === undefined) {
      return fail("access logging is off: no access log destination", setting("accessLogDestination", null));
    }
    if (isUnknown(destination)) return undetermined("the access log destination", destination);
    return pass(`access logs go to ${destination}`);
  },
});
