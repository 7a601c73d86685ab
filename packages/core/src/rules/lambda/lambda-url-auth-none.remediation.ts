import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "lambda-url-auth-none",
  description:
    "Requires AWS_IAM auth on the function URL: callers without a SigV4 signature are then refused, so a person approves. Undone by setting the auth type back to NONE.",
  kind: "lambda.function",
  actions: ["lambda:UpdateFunctionUrlConfig"],
  scope: SCOPES.function,
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
