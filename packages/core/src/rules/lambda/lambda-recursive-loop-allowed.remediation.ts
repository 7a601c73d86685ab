import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";

/** Lets Lambda stop a detected recursive loop again; no caller notices until a loop would have run away. */
export default defineRemediation({
  ruleId: "lambda-recursive-loop-allowed",
  kind: "lambda.function",
  actions: ["lambda:PutFunctionRecursionConfig"],
  maxMode: "auto",
  plan(fn) {
    if (fn.recursiveLoop !== "Allow" || isUnknown(fn.name)) return undefined;
    const name = fn.name;
    return settingPlan({
      ruleId: "lambda-recursive-loop-allowed",
      resourceId: fn.id,
      summary: `set recursive-loop detection of ${name} to Terminate`,
      path: "recursiveLoop",
      before: "Allow",
      after: "Terminate",
      call: (RecursiveLoop) => ({
        service: "lambda",
        operation: "PutFunctionRecursionConfig",
        input: { FunctionName: name, RecursiveLoop },
        iamAction: "lambda:PutFunctionRecursionConfig",
      }),
    });
  },
});
