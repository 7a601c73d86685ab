// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips

import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, bucket, lambdaFunction, model, policy, queue, topic } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./iam-resource-policy-confused-deputy.ts";

const doc = (...statements: unknown[]) => policy({ Version: "2012-10-17", Statement: statements });
const trailWrite = {
  Sid: "TrailWrite",
  Effect: "Allow",
  Principal: { Service: "cloudtrail.amazonaws.com" },
  Action: "s3:PutObject",
  Resource: `${arns.bucket("trail")}/AWSLogs/*`,
};
const invokeFromS3 = {
  Sid: "FromUploads",
  Effect: "Allow",
  Principal: { Service: "s3.amazonaws.com" },
  Action: "lambda:InvokeFunction",
  Resource: arns.fn("process"),
};

describe(rule.id, () => {
  it("Compliance: services pinned by SourceAccount or an account-bearing SourceArn; account principals", () => {
    const results = runRule(
      rule,
      model(
        bucket("trail", {
          policy: doc({ ...trailWrite, Condition: { StringEquals: { "aws:SourceAccount": ACCOUNT } } }),
        }),
        queue("jobs", {
          policy: doc({
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arns.queue("jobs"),
            Condition: { ArnEquals: { "aws:SourceArn": arns.topic("events") } },
          }),
        }),
        topic("events", {
          policy: doc({ Effect: "Allow", Principal: { AWS: ACCOUNT }, Action: "sns:Publish", Resource: "*" }),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("Noncompliance: a bucket policy granting CloudTrail with no source condition", () => {
    const [result] = runRule(rule, model(bucket("trail", { policy: doc(trailWrite) })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("bucket policy lets a service act here for any account's resources");
    expect(result?.message).toContain("statement 0 (TrailWrite): service cloudtrail.amazonaws.com without");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "bucket policy", index: 0, sid: "TrailWrite", statement: trailWrite },
    ]);
  });

  it("Noncompliance: a Lambda permission from S3 with SourceArn (a bucket) and no SourceAccount", () => {
    const permission = { ...invokeFromS3, Condition: { ArnLike: { "AWS:SourceArn": arns.bucket("uploads") } } };
    const [result] = runRule(rule, model(lambdaFunction("process", { policy: doc(permission) })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("whose bucket ARN names no account (add aws:SourceAccount)");
  });

  it("Noncompliance: a deployed policy whose SourceAccount is an unsubstituted ${AWS::AccountId} is ineffective", () => {
    const token = "${AWS::AccountId}";
    const withToken = { ...trailWrite, Condition: { StringEquals: { "aws:SourceAccount": token } } };
    const [deployed] = runRule(rule, model(bucket("trail", { policy: doc(withToken) })));
    expect(deployed?.status).toBe("fail");
    expect(deployed?.message).toContain("was never substituted (!Sub forgotten)");
    // In a template's model the token stands for the account the stack deploys to.
    const templated = "arn:${AWS::Partition}:s3:::trail";
    const [template] = runRule(rule, model(bucket("trail", { id: templated, arn: templated, policy: doc(withToken) })));
    expect(template?.status).toBe("pass");
  });

  it("Noncompliance: an unpinned service on a function (lambda-policy-public leaves it to this rule)", () => {
    const [result] = runRule(rule, model(lambdaFunction("process", { policy: doc(invokeFromS3) })));
    expect(result?.status).toBe("fail");
  });

  it("Undetermined: a SourceAccount from an unresolved parameter, or a policy that could not be read", () => {
    const results = runRule(
      rule,
      model(
        bucket("trail", {
          policy: doc({ ...trailWrite, Condition: { StringEquals: { "aws:SourceAccount": unknown("Ref Account") } } }),
        }),
        topic("events", { policy: unknown("GetTopicAttributes denied") }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[0]?.message).toContain("Ref Account");
  });
});
