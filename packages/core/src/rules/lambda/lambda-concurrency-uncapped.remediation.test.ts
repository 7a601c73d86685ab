import { describe, expect, it } from "vitest";
import { lambdaFunction } from "../../testing/builders.ts";
import remediation from "./lambda-concurrency-uncapped.remediation.ts";

describe(`${remediation.ruleId} remediation`, () => {
  it("reserves the configured cap, undone by deleting the reservation", () => {
    const plan = remediation.plan(lambdaFunction("api", { reservedConcurrency: undefined }), { concurrencyCap: 50 });
    expect(plan?.calls).toEqual([
      {
        service: "lambda",
        operation: "PutFunctionConcurrency",
        input: { FunctionName: "api", ReservedConcurrentExecutions: 50 },
        iamAction: "lambda:PutFunctionConcurrency",
      },
    ]);
    expect(plan?.undo).toEqual([
      expect.objectContaining({ operation: "DeleteFunctionConcurrency", input: { FunctionName: "api" } }),
    ]);
  });

  it("plans nothing without a configured cap (never a guessed one, never 0) or for a capped function", () => {
    expect(remediation.plan(lambdaFunction("api", { reservedConcurrency: undefined }))).toBeUndefined();
    expect(
      remediation.plan(lambdaFunction("api", { reservedConcurrency: 10 }), { concurrencyCap: 50 }),
    ).toBeUndefined();
  });
});
