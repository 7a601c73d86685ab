import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "lambda-concurrency-uncapped",
  description:
    "Reserves the configured concurrency (`remediation.concurrencyCap`) for an uncapped function; without a configured cap nothing is planned. Undone by removing the reservation (DeleteFunctionConcurrency).",
  kind: "lambda.function",
  actions: ["lambda:PutFunctionConcurrency"],
  scope: SCOPES.function,
  maxMode: "auto",
  plan(fn, { concurrencyCap } = {}) {
    if (concurrencyCap === undefined || fn.reservedConcurrency !== undefined || isUnknown(fn.name)) return undefined;
    return {
      ruleId: "lambda-concurrency-uncapped",
      resourceId: fn.id,
      summary: `reserve ${concurrencyCap} concurrent executions for ${fn.name}`,
      changes: [{ path: "reservedConcurrency", before: null, after: concurrencyCap }],
      calls: [
        {
          service: "lambda",
          operation: "PutFunctionConcurrency",
          input: { FunctionName: fn.name, ReservedConcurrentExecutions: concurrencyCap },
          iamAction: "lambda:PutFunctionConcurrency",
        },
      ],
      undo: [
        {
          service: "lambda",
          operation: "DeleteFunctionConcurrency",
          input: { FunctionName: fn.name },
          iamAction: "lambda:DeleteFunctionConcurrency",
        },
      ],
    };
  },
});
