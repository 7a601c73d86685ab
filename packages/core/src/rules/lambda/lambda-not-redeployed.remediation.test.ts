import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction } from "../../testing/builders.ts";
import remediation from "./lambda-not-redeployed.remediation.ts";

const call = (Description: string) => ({
  service: "lambda",
  operation: "UpdateFunctionConfiguration",
  input: { FunctionName: "orders-api", Description },
  iamAction: "lambda:UpdateFunctionConfiguration",
});

describe(`${remediation.ruleId} remediation`, () => {
  it("recycles with a description change that carries no environment, undone by the old description; opt-in", () => {
    const fn = lambdaFunction("orders-api", { description: "Orders API" });
    expect(remediation.plan(fn)).toEqual({
      ruleId: "lambda-not-redeployed",
      resourceId: fn.id,
      summary: "recycle the execution environments of orders-api (a configuration update)",
      changes: [{ path: "description", before: "Orders API", after: "Orders API [recycled by Vigil]" }],
      calls: [call("Orders API [recycled by Vigil]")],
      undo: [call("Orders API")],
    });
    expect(JSON.stringify(remediation.plan(fn))).not.toContain("Environment");
    expect(remediation.optIn).toBe(true);
  });

  it("is always a real change: a second recycle takes the marker out; Lambda's 256 characters are kept", () => {
    const recycled = lambdaFunction("orders-api", { description: "Orders API [recycled by Vigil]" });
    expect(remediation.plan(recycled)?.calls).toEqual([call("Orders API")]);
    const long = lambdaFunction("orders-api", { description: "x".repeat(256) });
    const after = remediation.plan(long)?.changes[0]?.after as string;
    expect(after).toHaveLength(256);
    expect(after.endsWith(" [recycled by Vigil]")).toBe(true);
  });

  it("plans nothing when the description is not known (a template, a denied read)", () => {
    expect(remediation.plan(lambdaFunction("orders-api"))).toBeUndefined();
    expect(
      remediation.plan(lambdaFunction("orders-api", { description: unknown("GetFunction denied") })),
    ).toBeUndefined();
  });
});
