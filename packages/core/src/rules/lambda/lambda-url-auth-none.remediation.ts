import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";

/** Requires IAM auth on the function URL: callers without SigV4 are then refused, so a person approves it. */
export default defineRemediation({
  ruleId: "lambda-url-auth-none",
  kind: "lambda.function",
  actions: ["lambda:UpdateFunctionUrlConfig"],
  maxMode: "approve",
  plan(fn) {
    if (!fn.url || isUnknown(fn.url) || fn.url.authType !== "NONE" || isUnknown(fn.name)) return undefined;
    const call = (AuthType: "AWS_IAM" | "NONE") => ({
      service: "lambda" as const,
      operation: "UpdateFunctionUrlConfig",
      input: { FunctionName: fn.name, AuthType },
      iamAction: "lambda:UpdateFunctionUrlConfig",
    });
    return {
      ruleId: "lambda-url-auth-none",
      resourceId: fn.id,
      summary: `require AWS_IAM auth on the function URL of ${fn.name}`,
      changes: [{ path: "url.authType", before: "NONE", after: "AWS_IAM" }],
      calls: [call("AWS_IAM")],
      undo: [call("NONE")],
    };
  },
});
