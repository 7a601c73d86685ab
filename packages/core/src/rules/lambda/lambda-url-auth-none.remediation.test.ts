import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { lambdaFunction } from "../../testing/builders.ts";
import remediation from "./lambda-url-auth-none.remediation.ts";

describe(`${remediation.ruleId} remediation`, () => {
  it("switches a public URL to AWS_IAM, with its undo, and needs approval", () => {
    const fn = lambdaFunction("orders-api", { url: { authType: "NONE", invokeMode: "BUFFERED" } });
    expect(remediation.plan(fn)).toEqual({
      ruleId: "lambda-url-auth-none",
      resourceId: fn.id,
      summary: "require AWS_IAM auth on the function URL of orders-api",
      changes: [{ path: "url.authType", before: "NONE", after: "AWS_IAM" }],
      calls: [
        {
          service: "lambda",
          operation: "UpdateFunctionUrlConfig",
          input: { FunctionName: "orders-api", AuthType: "AWS_IAM" },
          iamAction: "lambda:UpdateFunctionUrlConfig",
        },
      ],
      undo: [expect.objectContaining({ input: { FunctionName: "orders-api", AuthType: "NONE" } })],
    });
    expect(remediation.maxMode).toBe("approve");
  });

  it("plans nothing for an IAM-authenticated URL, no URL, or one it cannot read", () => {
    expect(
      remediation.plan(lambdaFunction("a", { url: { authType: "AWS_IAM", invokeMode: "BUFFERED" } })),
    ).toBeUndefined();
    expect(remediation.plan(lambdaFunction("b"))).toBeUndefined();
    expect(remediation.plan(lambdaFunction("c", { url: unknown("GetFunctionUrlConfig denied") }))).toBeUndefined();
  });
});
