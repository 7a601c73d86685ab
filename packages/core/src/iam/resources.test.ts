// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "../model/value.ts";
import { policy } from "../testing/builders.ts";
import {
  coversAllResources,
  coversResource,
  coversResourceOrBelow,
  coversUnboundedResource,
  isUnboundedResource,
} from "./resources.ts";

const statement = (raw: Record<string, unknown>) => policy({ Statement: [raw] }).statements[0]!;
const allow = (Resource: unknown) => statement({ Effect: "Allow", Action: "dynamodb:GetItem", Resource });
const tableArn = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}";

describe("resource coverage", () => {
  it("covers by exact ARN and wildcards; a CDK table grant is not a wildcard", () => {
    const cdkGrant = allow([tableArn, `${tableArn}/index/*`]);
    expect(coversResource(cdkGrant, tableArn)).toBe(true);
    expect(coversResource(cdkGrant, tableArn.replace("${OrdersTable}", "${UsersTable}"))).toBe(false);
    expect(coversAllResources(cdkGrant)).toBe(false);
    expect(coversUnboundedResource(cdkGrant)).toBe(false);
    expect(coversResource(allow("*"), tableArn)).toBe(true);
    expect(coversAllResources(allow("*"))).toBe(true);
    expect(coversAllResources(allow("arn:aws:*:*:*:*"))).toBe(true);
  });

  it("inverts NotResource and applies a statement without Resource to its own resource", () => {
    const notResource = statement({ Effect: "Allow", Action: "s3:*", NotResource: "arn:aws:s3:::secrets/*" });
    expect(coversResource(notResource, "arn:aws:s3:::uploads/a")).toBe(true);
    expect(coversResource(notResource, "arn:aws:s3:::secrets/a")).toBe(false);
    expect(coversAllResources(notResource)).toBe(true);
    const resourcePolicy = statement({ Effect: "Allow", Principal: "*", Action: "sqs:SendMessage" });
    expect(coversResource(resourcePolicy, "arn:aws:sqs:us-east-1:123456789012:jobs")).toBe(true);
  });

  it("propagates unresolved values as unknown unless a known value decides", () => {
    expect(coversResource(allow([unknown("Fn::ImportValue Table")]), tableArn)).toEqual(
      unknown("Fn::ImportValue Table"),
    );
    expect(coversResource(allow([unknown("Fn::ImportValue Table"), tableArn]), tableArn)).toBe(true);
    expect(coversAllResources(allow([unknown("Ref R")]))).toEqual(unknown("Ref R"));
  });

  it("tells unbounded patterns from named resources", () => {
    expect(isUnboundedResource("*")).toBe(true);
    expect(isUnboundedResource("arn:aws:iam::*:role/*")).toBe(true);
    expect(isUnboundedResource("arn:aws:iam::${AWS::AccountId}:role/*")).toBe(true);
    expect(isUnboundedResource("arn:aws:lambda:us-east-1:123456789012:function:*")).toBe(true);
    expect(isUnboundedResource("arn:aws:s3:::*")).toBe(true);
    expect(isUnboundedResource("arn:aws:s3:::uploads/*")).toBe(false);
    expect(isUnboundedResource("arn:aws:iam::123456789012:role/orders-role")).toBe(false);
    expect(isUnboundedResource(`${tableArn}/index/*`)).toBe(false);
  });

  it("counts objects of a bucket and indexes of a table as below them", () => {
    expect(coversResourceOrBelow(allow("arn:aws:s3:::uploads/private/*"), "arn:aws:s3:::uploads")).toBe(true);
    expect(coversResourceOrBelow(allow("arn:aws:s3:::upl*/x"), "arn:aws:s3:::uploads")).toBe(true);
    expect(coversResourceOrBelow(allow("arn:aws:s3:::other/*"), "arn:aws:s3:::uploads")).toBe(false);
    expect(coversResourceOrBelow(allow(`${tableArn}/index/*`), tableArn)).toBe(true);
  });
});
