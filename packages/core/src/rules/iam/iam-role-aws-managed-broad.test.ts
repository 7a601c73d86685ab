// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import type { Resource } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import { iamRole, lambdaFunction, managedPolicy, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-aws-managed-broad.ts";

const aws = (path: string) => `arn:aws:iam::aws:policy/${path}`;
const allow = (Action: string | string[], Resource: string | string[] = "*") => ({ Effect: "Allow", Action, Resource });
/** An AWS-managed policy with its (abridged) published document, as the readers attach it. */
const published = (path: string, ...Statement: object[]) =>
  managedPolicy(path.split("/").pop()!, { Statement }, { arn: aws(path), id: aws(path), awsManaged: true });

const BASIC = published(
  "service-role/AWSLambdaBasicExecutionRole",
  allow(["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"]),
);
const READ_ONLY = published("ReadOnlyAccess", allow(["s3:Get*", "s3:List*", "dynamodb:BatchGet*", "sqs:ListQueues"]));
const S3_FULL = published("AmazonS3FullAccess", allow(["s3:*", "s3-object-lambda:*"]));

const run = (managedPolicyArns: (string | ReturnType<typeof unknown>)[], ...policies: Resource[]) =>
  runRule(rule, model(lambdaFunction("orders"), iamRole("orders-role", { managedPolicyArns }), ...policies));

describe(rule.id, () => {
  it("Compliance: exact actions in the Lambda execution-role policies, and customer policies", () => {
    const sqs = published(
      "service-role/AWSLambdaSQSQueueExecutionRole",
      allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"]),
    );
    const own = managedPolicy("OrdersReadOnlyAccess", { Statement: [allow("s3:Get*")] });
    const results = run([BASIC.arn, sqs.arn, own.arn], BASIC, sqs, own);
    expect(statusOf(results, "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance: action wildcards on every resource, named with their statement", () => {
    const [result] = run([BASIC.arn, READ_ONLY.arn], BASIC, READ_ONLY);
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe(
      `AWS-managed policy grants action wildcards on every resource: s3:Get*, s3:List*, dynamodb:BatchGet* in ${READ_ONLY.arn} statement 0`,
    );
    expect(result?.evidence).toEqual([expect.objectContaining({ type: "statement", policy: READ_ONLY.arn, index: 0 })]);
    const lambda = published("AWSLambda_ReadOnlyAccess", allow(["lambda:Get*"], "arn:aws:lambda:*:*:function:*"));
    expect(statusOf(run([lambda.arn], lambda), "orders-role")).toEqual(["fail"]);
  });

  it("must not fire: what the service-wildcard and admin rules report, and wildcards on named resources", () => {
    const admin = published("AdministratorAccess", allow("*"));
    const scoped = published(
      "AWSLambdaInsights",
      allow("logs:Put*", "arn:aws:logs:*:*:log-group:/aws/lambda-insights:*"),
    );
    const results = run([S3_FULL.arn, admin.arn, scoped.arn], S3_FULL, admin, scoped);
    expect(statusOf(results, "orders-role")).toEqual(["pass"]);
  });

  it("Undetermined: an unresolved policy ARN, or an AWS-managed policy whose document the model lacks", () => {
    const [arn] = run([BASIC.arn, unknown("Ref PolicyArn")], BASIC);
    expect(arn?.status).toBe("undetermined");
    expect(arn?.message).toContain("Ref PolicyArn");
    const [document] = run([aws("AmazonBedrockFullAccess")]);
    expect(document?.status).toBe("undetermined");
    expect(document?.message).toContain("AmazonBedrockFullAccess is not in the model");
  });
});
