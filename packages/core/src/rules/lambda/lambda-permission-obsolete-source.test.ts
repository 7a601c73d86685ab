// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here
import { describe, expect, it } from "vitest";
import type { Origin } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import {
  ACCOUNT,
  arns,
  bucket,
  eventRule,
  lambdaFunction,
  model,
  policy,
  restApi,
  topic,
} from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./lambda-permission-obsolete-source.ts";

const invokeFrom = (Service: string, sourceArn: unknown, extra: Record<string, unknown> = {}) => ({
  Sid: `${Service.split(".")[0]}-invoke`,
  Effect: "Allow",
  Principal: { Service },
  Action: "lambda:InvokeFunction",
  Resource: arns.fn("fn"),
  Condition: { ArnLike: { "AWS:SourceArn": sourceArn }, ...extra },
});
const withPolicy = (...statements: unknown[]) =>
  lambdaFunction("fn", { policy: policy({ Version: "2012-10-17", Statement: statements }) });

describe(rule.id, () => {
  it("Compliance: every source exists — bucket, topic, rule and the REST API of an execute-api ARN", () => {
    const fn = withPolicy(
      invokeFrom("s3.amazonaws.com", arns.bucket("uploads"), { StringEquals: { "AWS:SourceAccount": ACCOUNT } }),
      invokeFrom("sns.amazonaws.com", arns.topic("events")),
      invokeFrom("events.amazonaws.com", arns.rule("nightly")),
      invokeFrom("apigateway.amazonaws.com", `arn:aws:execute-api:us-east-1:${ACCOUNT}:api123/*/POST/orders`),
    );
    const [result] = runRule(
      rule,
      model(fn, bucket("uploads"), topic("events"), eventRule("nightly"), restApi("api123")),
    );
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a permission for a deleted bucket, while the model holds the account's buckets", () => {
    const statement = invokeFrom("s3.amazonaws.com", arns.bucket("uploads-old"));
    const [result] = runRule(rule, model(withPolicy(statement), bucket("uploads")));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("arn:aws:s3:::uploads-old");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "resource policy", index: 0, sid: "s3-invoke", statement },
    ]);
  });

  it("Noncompliance: an execute-api ARN whose API is gone", () => {
    const fn = withPolicy(
      invokeFrom("apigateway.amazonaws.com", `arn:aws:execute-api:us-east-1:${ACCOUNT}:old999/*/*`),
    );
    const [result] = runRule(rule, model(fn, restApi("api123")));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("API");
  });

  it("Real world: template ARNs with ${AWS::Partition} tokens, a partial model, a wildcard name and another account's bucket", () => {
    const template = (logicalId: string): Origin => ({ type: "template", file: "template.yaml", logicalId });
    const fn = lambdaFunction("fn", {
      origin: template("ProcessUploadFunction"),
      policy: policy({
        Statement: [
          invokeFrom("s3.amazonaws.com", "arn:aws:s3:::orders-uploads", {
            StringEquals: { "AWS:SourceAccount": "${AWS::AccountId}" },
          }),
          invokeFrom(
            "apigateway.amazonaws.com",
            "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:${OrdersApi}/*/POST/",
          ),
          invokeFrom("sns.amazonaws.com", arns.topic("not-read")),
          invokeFrom("events.amazonaws.com", `arn:aws:events:us-east-1:${ACCOUNT}:rule/orders-*`),
          invokeFrom("s3.amazonaws.com", "arn:aws:s3:::partner-drop", {
            StringEquals: { "AWS:SourceAccount": "444455556666" },
          }),
        ],
      }),
    });
    const uploads = bucket("orders-uploads", {
      arn: "arn:${AWS::Partition}:s3:::orders-uploads",
      origin: template("UploadsBucket"),
    });
    const api = restApi("api", {
      arn: "arn:${AWS::Partition}:apigateway:${AWS::Region}::/restapis/${OrdersApi}",
      origin: template("OrdersApi"),
    });
    const otherFile = eventRule("nightly", { origin: { type: "template", file: "other.yaml", logicalId: "Nightly" } });
    const [result] = runRule(rule, model(fn, uploads, api, otherFile));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a SourceArn from an unresolved parameter", () => {
    const fn = withPolicy(invokeFrom("sns.amazonaws.com", unknown("Ref TopicArn")));
    const [result] = runRule(rule, model(fn, topic("events")));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref TopicArn");
  });
});
