import type { RuleResult, Severity } from "@vigil/core";

export const ORDERS_FUNCTION = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
export const URL_AUTH_RULE = "lambda-url-auth-none";

/** A live result of the function-URL rule on the orders function; override what the test is about. */
export function ruleResult(
  status: RuleResult["status"],
  overrides: { resourceId?: string; ruleId?: string; severity?: Severity } = {},
): RuleResult {
  return {
    ruleId: overrides.ruleId ?? URL_AUTH_RULE,
    resourceId: overrides.resourceId ?? ORDERS_FUNCTION,
    resourceKind: "lambda.function",
    origin: { type: "live", account: "123456789012", region: "eu-west-1" },
    status,
    severity: overrides.severity ?? "high",
    practice: 2,
    message: status === "fail" ? "FunctionUrlConfig.AuthType is NONE" : "",
    evidence: status === "fail" ? [{ type: "setting", path: "FunctionUrlConfig.AuthType", value: "NONE" }] : [],
  };
}
