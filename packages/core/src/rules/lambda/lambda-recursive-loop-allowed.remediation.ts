import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";

/** Lets Lambda stop a detected recursive loop again; no caller notices until a loop would have run away. */
export default defineRemediation({
  ruleId: "lambda-recursive-loop-allowed",
  kind: "lambda.function",
  actions: ["lambda:PutFunctionRecursionConfig"],
  maxMode: "auto",
  plan(fn) {
    if (fn.recursiveLoop !== "Allow" || isUnknown(fn.name)) return undefined;
    const call = (RecursiveLoop: "Terminate" | "Allow") => ({
      service: "lambda" as const,
      operation: "PutFunctionRecursionConfig",
      input: { FunctionName: fn.name, RecursiveLoop },
      iamAction: "lambda:PutFunctionRecursionConfig",
    });
    return {
      ruleId: "lambda-recursive-loop-allowed",
      resourceId: fn.id,
      summary: `set recursive-loop detection of ${fn.name} to Terminate`,
      changes: [{ path: "recursiveLoop", before: "Allow", after: "Terminate" }],
      calls: [call("Terminate")],
      undo: [call("Allow")],
    };
  },
});
