import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction } from "../../testing/builders.ts";
import remediation from "./lambda-recursive-loop-allowed.remediation.ts";

describe(`${remediation.ruleId} remediation`, () => {
  it("sets Terminate, undone by Allow", () => {
    const plan = remediation.plan(lambdaFunction("worker", { recursiveLoop: "Allow" }));
    expect(plan?.calls).toEqual([
      {
        service: "lambda",
        operation: "PutFunctionRecursionConfig",
        input: { FunctionName: "worker", RecursiveLoop: "Terminate" },
        iamAction: "lambda:PutFunctionRecursionConfig",
      },
    ]);
    expect(plan?.undo[0]?.input).toEqual({ FunctionName: "worker", RecursiveLoop: "Allow" });
  });

  it("plans nothing when loops already terminate or the setting is unknown", () => {
    expect(remediation.plan(lambdaFunction("worker"))).toBeUndefined();
    expect(remediation.plan(lambdaFunction("worker", { recursiveLoop: unknown("not read") }))).toBeUndefined();
  });
});
