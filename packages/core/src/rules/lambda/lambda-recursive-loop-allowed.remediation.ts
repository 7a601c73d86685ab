import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "lambda-recursive-loop-allowed",
  description:
    "Sets recursive-loop detection to Terminate: Lambda stops a detected loop again; no caller notices until a loop would have run away. Undone by setting it back to Allow.",
  kind: "lambda.function",
  actions: ["lambda:PutFunctionRecursionConfig"],
  scope: SCOPES.function,
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
