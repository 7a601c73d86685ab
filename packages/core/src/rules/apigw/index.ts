import type { AnyRule } from "../../engine/rule.ts";
import apigwMethodNoAuthorization from "./apigw-method-no-authorization.ts";
import apigwRestCorsAnyOrigin from "./apigw-rest-cors-any-origin.ts";
import apigwRestNoRequestValidation from "./apigw-rest-no-request-validation.ts";
import apigwStageLoggingOff from "./apigw-stage-logging-off.ts";
import apigwStageNoThrottling from "./apigw-stage-no-throttling.ts";
import apigwStageNoWaf from "./apigw-stage-no-waf.ts";
import apigwStageVariableSecret from "./apigw-stage-variable-secret.ts";
import apigwUsagePlanNoThrottling from "./apigw-usage-plan-no-throttling.ts";
import apigwv2RouteNoAuthorizer from "./apigwv2-route-no-authorizer.ts";
import apigwv2StageAccessLoggingOff from "./apigwv2-stage-access-logging-off.ts";
import apigwv2StageNoThrottling from "./apigwv2-stage-no-throttling.ts";

export const APIGW_RULES: readonly AnyRule[] = [
  apigwMethodNoAuthorization,
  apigwRestCorsAnyOrigin,
  apigwRestNoRequestValidation,
  apigwStageLoggingOff,
  apigwStageNoThrottling,
  apigwStageNoWaf,
  apigwStageVariableSecret,
  apigwUsagePlanNoThrottling,
  apigwv2RouteNoAuthorizer,
  apigwv2StageAccessLoggingOff,
  apigwv2StageNoThrottling,
];
