// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here
import { describe, expect, it } from "vitest";
import type { S3Bucket } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import {
  arns,
  bucket,
  eventSourceMapping,
  iamRole,
  lambdaFunction,
  model,
  policy,
  queue,
  topic,
} from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./lambda-trigger-loop.ts";

const fn = lambdaFunction("process");
const roleWith = (...statements: unknown[]) =>
  iamRole("process-role", {
    inlinePolicies: [{ name: "data", document: policy({ Version: "2012-10-17", Statement: statements }) }],
  });
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: "Allow", Action, Resource });
const notifying = (name: string, overrides: Partial<S3Bucket> = {}) =>
  bucket(name, {
    notifications: [{ targetType: "lambda", targetArn: fn.arn, events: ["s3:ObjectCreated:*"] }],
    ...overrides,
  });

describe(rule.id, () => {
  it("Compliance: reads its trigger bucket, writes a different one", () => {
    const role = roleWith(
      allow("s3:GetObject", `${arns.bucket("uploads")}/*`),
      allow("s3:PutObject", `${arns.bucket("results")}/*`),
    );
    const [result] = runRule(rule, model(fn, role, notifying("uploads"), bucket("results")));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: s3:PutObject on the objects of the bucket that triggers it, edge and statement as evidence", () => {
    const statement = allow(["s3:GetObject", "s3:PutObject"], `${arns.bucket("uploads")}/*`);
    const [result] = runRule(rule, model(fn, roleWith(statement), notifying("uploads")));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("s3:PutObject into uploads");
    expect(result?.evidence).toEqual([
      { type: "edge", from: arns.bucket("uploads"), to: fn.arn, relation: "triggers (s3)" },
      { type: "statement", policy: "inline policy data", index: 0, statement },
    ]);
  });

  it("Noncompliance: sqs:SendMessage into the mapped queue, sns:* on the subscribed topic", () => {
    const subscribed = topic("events", { subscriptions: [{ protocol: "lambda", endpoint: fn.arn }] });
    const role = roleWith(
      allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:SendMessage"], arns.queue("jobs")),
      allow("sns:*", "*"),
    );
    const [result] = runRule(
      rule,
      model(fn, role, queue("jobs"), eventSourceMapping("esm1", fn.arn, arns.queue("jobs")), subscribed),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("sqs:SendMessage into jobs");
    expect(result?.message).toContain("sns:Publish into events");
  });

  it("Real world: a literal template bucket ARN, as teams write to dodge a circular dependency, is caught", () => {
    const templateBucket = notifying("orders-uploads", { arn: "arn:${AWS::Partition}:s3:::orders-uploads" });
    const role = roleWith(allow("s3:PutObject", "arn:${AWS::Partition}:s3:::orders-uploads/*"));
    const [result] = runRule(rule, model(fn, role, templateBucket));
    expect(result?.status).toBe("fail");
  });

  it("Real world: consuming the mapped queue (receive, delete) does not fire", () => {
    const role = roleWith(
      allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"], arns.queue("jobs")),
    );
    const [result] = runRule(
      rule,
      model(fn, role, queue("jobs"), eventSourceMapping("esm1", fn.arn, arns.queue("jobs"))),
    );
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: the role writes a bucket or topic whose notifications or subscriptions could not be read", () => {
    const role = roleWith(
      allow("s3:PutObject", `${arns.bucket("uploads")}/*`),
      allow("sns:Publish", arns.topic("events")),
    );
    const unread = bucket("uploads", { notifications: unknown("s3:GetBucketNotification denied") });
    const [result] = runRule(rule, model(fn, role, unread, topic("events")));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toBe(
      "cannot evaluate: whether uploads triggers the function is unknown (s3:GetBucketNotification denied)",
    );
    const unsubscribed = topic("events", { subscriptions: unknown("sns:ListSubscriptions throttled") });
    const [viaTopic] = runRule(rule, model(fn, role, bucket("uploads"), unsubscribed));
    expect(viaTopic?.message).toContain("sns:ListSubscriptions throttled");
  });

  it("Undetermined: a statement resource from an unresolved parameter", () => {
    const role = roleWith(allow("s3:PutObject", unknown("Ref OutputBucketArn") as unknown as string));
    const [result] = runRule(rule, model(fn, role, notifying("uploads")));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref OutputBucketArn");
  });
});
