import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";

/** Reserves the configured concurrency for an uncapped function; undone by removing the reservation. */
export default defineRemediation({
  ruleId: "lambda-concurrency-uncapped",
  kind: "lambda.function",
  actions: ["lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency"],
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
