import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, iamRole, lambdaFunction, managedPolicy, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-policy-unknown-action.ts";

const roleWith = (...Statement: unknown[]) =>
  iamRole("orders-role", { inlinePolicies: [{ name: "access", document: policy({ Statement }) }] });
const allow = (Action: unknown) => ({ Effect: "Allow", Action, Resource: arns.table("orders") });
const run = (...resources: Parameters<typeof model>) => runRule(rule, model(lambdaFunction("orders"), ...resources));

describe(rule.id, () => {
  it("Compliance: catalogued actions and wildcards that match some, any case; other services by prefix", () => {
    const role = roleWith(
      allow(["dynamodb:GetItem", "DynamoDB:putitem", "s3:GetObject*", "sqs:*", "*"]),
      allow(["bedrock:InvokeModel", "textract:AnalyzeDocument"]),
      { Effect: "Deny", Action: "dynamodb:DeleteTabel", Resource: "*" },
    );
    expect(statusOf(run(role), "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance: a misspelt action, a wildcard matching nothing, an unknown service prefix", () => {
    const role = roleWith(allow(["dynamodb:GetItem", "dynamodb:GetItems"]), allow(["s3:GetObjekt*", "dynamo:PutItem"]));
    const [result] = run(role);
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe(
      "role of orders allows actions IAM does not have: dynamodb:GetItems in inline policy access statement 0; " +
        "s3:GetObjekt*, dynamo:PutItem in inline policy access statement 1",
    );
    expect(result?.evidence).toEqual([
      expect.objectContaining({ type: "statement", policy: "inline policy access", index: 0 }),
      expect.objectContaining({ type: "statement", policy: "inline policy access", index: 1 }),
    ]);
  });

  it("Noncompliance: a customer-managed policy attached to the role", () => {
    const own = managedPolicy("orders-access", { Statement: [allow("sqs:SendMesage")] });
    expect(statusOf(run(iamRole("orders-role", { managedPolicyArns: [own.arn] }), own), "orders-role")).toEqual([
      "fail",
    ]);
  });

  it("must not fire: an AWS-managed policy, whose document AWS maintains, nor one the model lacks", () => {
    const arn = "arn:aws:iam::aws:policy/AWSRetired";
    const retired = managedPolicy(
      "AWSRetired",
      { Statement: [allow("s3:GetRetired")] },
      { arn, id: arn, awsManaged: true },
    );
    const role = iamRole("orders-role", { managedPolicyArns: [arn, "arn:aws:iam::aws:policy/NotInTheModel"] });
    expect(statusOf(run(role, retired), "orders-role")).toEqual(["pass"]);
  });

  it("Undetermined: an unresolved action, or a customer policy whose document is unknown", () => {
    expect(run(roleWith(allow(["dynamodb:GetItem", unknown("Ref ActionParam")])))[0]?.message).toContain(
      "Ref ActionParam",
    );
    const [result] = run(iamRole("orders-role", { managedPolicyArns: [arns.policy("elsewhere")] }));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("not in the model");
  });
});
