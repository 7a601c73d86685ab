import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, lambdaFunction, policy } from "../../testing/builders.ts";
import remediation from "./lambda-policy-public.remediation.ts";

const fn = arns.fn("worker");
const apiGateway = {
  Sid: "ApiGateway",
  Effect: "Allow",
  Principal: { Service: "apigateway.amazonaws.com" },
  Action: "lambda:InvokeFunction",
  Resource: fn,
  Condition: { ArnLike: { "AWS:SourceArn": "arn:aws:execute-api:us-east-1:123456789012:abc/*" } },
};
const openUrl = {
  Sid: "PublicUrl",
  Effect: "Allow",
  Principal: "*",
  Action: "lambda:InvokeFunctionUrl",
  Resource: fn,
  Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "NONE" } },
};

describe(`${remediation.ruleId} remediation`, () => {
  it("removes only the public statement by its id, re-added by the undo, and needs approval", () => {
    const plan = remediation.plan(
      lambdaFunction("worker", {
        policy: policy({ Version: "2012-10-17", Statement: [apiGateway, openUrl] }),
        // Read from AWS Config, which does not record URLs: the URL permission is what says anyone may call.
        url: unknown("AWS Config does not record function URLs"),
      }),
    );
    expect(plan?.calls).toEqual([
      {
        service: "lambda",
        operation: "RemovePermission",
        input: { FunctionName: "worker", StatementId: "PublicUrl" },
        iamAction: "lambda:RemovePermission",
      },
    ]);
    expect(plan?.undo[0]?.input).toEqual({
      FunctionName: "worker",
      StatementId: "PublicUrl",
      Action: "lambda:InvokeFunctionUrl",
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    });
    expect(remediation.maxMode).toBe("approve");
  });

  it("plans nothing for a scoped policy, or a public statement without an id to remove it by", () => {
    expect(
      remediation.plan(
        lambdaFunction("worker", { policy: policy({ Version: "2012-10-17", Statement: [apiGateway] }) }),
      ),
    ).toBeUndefined();
    const { Sid: _, ...anonymous } = openUrl;
    expect(
      remediation.plan(lambdaFunction("worker", { policy: policy({ Version: "2012-10-17", Statement: [anonymous] }) })),
    ).toBeUndefined();
  });
});
