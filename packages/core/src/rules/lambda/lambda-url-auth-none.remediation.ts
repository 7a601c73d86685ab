import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";

/** Requires IAM auth on the function URL: callers without SigV4 are then refused, so a person approves it. */
export default defineRemediation({
  ruleId: "lambda-url-auth-none",
  kind: "lambda.function",
  actions: ["lambda:UpdateFunctionUrlConfig"],
  maxMode: "approve",
  plan(fn) {
    if (!fn.url || isUnknown(fn.url) || fn.url.authType !== "NONE" || isUnknown(fn.name)) return undefined;
    const name = fn.name;
    return settingPlan({
      ruleId: "lambda-url-auth-none",
      resourceId: fn.id,
      summary: `require AWS_IAM auth on the function URL of ${name}`,
      path: "url.authType",
      before: "NONE",
      after: "AWS_IAM",
      call: (AuthType) => ({
        service: "lambda",
        operation: "UpdateFunctionUrlConfig",
        input: { FunctionName: name, AuthType },
        iamAction: "lambda:UpdateFunctionUrlConfig",
      }),
    });
  },
});
