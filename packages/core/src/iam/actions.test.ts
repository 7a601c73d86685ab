// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import type { ElementList } from "../model/policy.ts";
import { unknown } from "../model/value.ts";
import { policy } from "../testing/builders.ts";
import { atLevels, expandActions, grantsAction, serviceWideWildcards, writeActionsGranted } from "./actions.ts";
import { actionsOfService } from "./catalogue.ts";
import { actionMatches, arnMatches } from "./patterns.ts";

const statement = (raw: Record<string, unknown>) => policy({ Statement: [raw] }).statements[0]!;
const actions = (...values: string[]): ElementList => ({ negated: false, values });
const names = (list: ElementList) => expandActions(list).actions.map((a) => a.action);

describe("IAM wildcard matching", () => {
  it("matches actions case-insensitively with * and ?", () => {
    expect(actionMatches("s3:Get*", "s3:GetObject")).toBe(true);
    expect(actionMatches("S3:GETOBJECT", "s3:GetObject")).toBe(true);
    expect(actionMatches("s3:GetObjec?", "s3:GetObject")).toBe(true);
    expect(actionMatches("s3:GetObjec?", "s3:GetObjects")).toBe(false);
    expect(actionMatches("*", "iam:PassRole")).toBe(true);
    expect(actionMatches("s3:Get.bject", "s3:GetObject")).toBe(false);
  });

  it("matches ARNs part by part, case-sensitively, logical references as literal text", () => {
    const table = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${OrdersTable}";
    expect(arnMatches("arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/*", table)).toBe(true);
    expect(arnMatches(table, table)).toBe(true);
    expect(arnMatches(`${table}/index/*`, table)).toBe(false);
    expect(arnMatches("arn:aws:dynamodb:*:*:table/*", table)).toBe(true);
    expect(arnMatches("arn:aws:dynamodb:*:*:table/${Other}", table)).toBe(false);
    expect(arnMatches("arn:aws:s3:::Uploads", "arn:aws:s3:::uploads")).toBe(false);
    expect(arnMatches("*", "arn:aws:s3:::uploads")).toBe(true);
    // A wildcard stays within its ARN part: the region wildcard cannot swallow the account.
    expect(arnMatches("arn:aws:sqs:*:123456789012:jobs", "arn:aws:sqs:us-east-1:999999999999:jobs")).toBe(false);
  });

  it("compares ARNs written with pseudo parameters and literally in one normal form", () => {
    const bucket = "arn:${AWS::Partition}:s3:::uploads";
    // A literal partition names the template's bucket, and the other way round.
    expect(arnMatches("arn:aws:s3:::uploads/*", `${bucket}/key`)).toBe(true);
    expect(arnMatches("arn:aws:s3:::uploads", bucket)).toBe(true);
    expect(arnMatches(bucket, "arn:aws:s3:::uploads")).toBe(true);
    expect(arnMatches("arn:aws:s3:::other", bucket)).toBe(false);
    // Region, account and stack name stand for the values of the deployment: any value, within their ARN part.
    const fn = "arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${AWS::StackName}-api";
    expect(arnMatches("arn:aws:lambda:us-east-1:123456789012:function:orders-api", fn)).toBe(true);
    expect(arnMatches("arn:aws:lambda:us-east-1:123456789012:function:orders-web", fn)).toBe(false);
    expect(arnMatches(fn, "arn:aws:lambda:eu-west-1:123456789012:function:prod-api")).toBe(true);
    expect(arnMatches(fn, "arn:aws:sqs:eu-west-1:123456789012:prod-api")).toBe(false);
    expect(
      arnMatches(
        "arn:${AWS::Partition}:execute-api:${AWS::Region}:${AWS::AccountId}:*/*/GET/",
        "arn:aws:execute-api:us-east-1:1:abc/prod/GET/",
      ),
    ).toBe(true);
    expect(
      arnMatches(
        "arn:aws:sqs:${AWS::Region}:*:jobs",
        "arn:${AWS::Partition}:sqs:${AWS::Region}:${AWS::AccountId}:jobs",
      ),
    ).toBe(true);
  });
});

describe("expandActions", () => {
  it("expands exact names, prefixes and service wildcards to catalogued actions", () => {
    expect(names(actions("dynamodb:GetItem"))).toEqual(["dynamodb:GetItem"]);
    expect(names(actions("s3:GetObject*"))).toContain("s3:GetObjectVersion");
    expect(names(actions("sqs:*"))).toHaveLength(actionsOfService("sqs").length);
    expect(names(actions("*:GetItem"))).toContain("dynamodb:GetItem");
  });

  it("keeps patterns of services outside the catalogue as uncatalogued, level unknown", () => {
    const grant = expandActions(actions("bedrock:InvokeModel", "dynamodb:Query"));
    expect(grant.actions.map((a) => a.action)).toEqual(["dynamodb:Query"]);
    expect(grant.uncatalogued).toEqual(["bedrock:InvokeModel"]);
    expect(expandActions(actions("*")).uncatalogued).toEqual(["*"]);
  });

  it("expands NotAction to everything else, other services included", () => {
    const grant = expandActions({ negated: true, values: ["iam:*"] });
    expect(grant.actions.some((a) => a.service === "iam")).toBe(false);
    expect(grant.actions.map((a) => a.action)).toContain("s3:DeleteBucket");
    expect(grant.uncatalogued).toEqual(["*"]);
  });

  it("reports unresolved values instead of guessing", () => {
    const grant = expandActions(actions("s3:GetObject", unknown("Ref ActionParam") as never));
    expect(grant.unresolved).toEqual([unknown("Ref ActionParam")]);
  });
});

describe("grantsAction", () => {
  it("answers yes, no, or unknown when an unresolved value could decide", () => {
    expect(grantsAction(actions("s3:*"), "s3:PutObject")).toBe(true);
    expect(grantsAction(actions("s3:Get*"), "s3:PutObject")).toBe(false);
    expect(grantsAction({ negated: true, values: ["s3:*"] }, "iam:PassRole")).toBe(true);
    expect(grantsAction({ negated: true, values: ["iam:*"] }, "iam:PassRole")).toBe(false);
    expect(grantsAction({ negated: false, values: ["s3:Get*", unknown("Ref A")] }, "iam:PassRole")).toEqual(
      unknown("Ref A"),
    );
    expect(grantsAction({ negated: false, values: ["iam:*", unknown("Ref A")] }, "iam:PassRole")).toBe(true);
  });
});

describe("write and permissions-management actions", () => {
  it("lists what an Allow writes, nothing for Deny", () => {
    const grant = writeActionsGranted(
      statement({
        Effect: "Allow",
        Action: ["dynamodb:GetItem", "dynamodb:PutItem", "iam:PutRolePolicy"],
        Resource: "*",
      }),
    );
    expect(grant.actions.map((a) => [a.action, a.level])).toEqual([
      ["dynamodb:PutItem", "write"],
      ["iam:PutRolePolicy", "permissions-management"],
    ]);
    expect(writeActionsGranted(statement({ Effect: "Deny", Action: "*", Resource: "*" })).actions).toEqual([]);
    expect(atLevels(expandActions(actions("s3:*")), ["list"]).actions.every((a) => a.level === "list")).toBe(true);
  });
});

describe("serviceWideWildcards", () => {
  it("finds s3:*, * and NotAction", () => {
    expect(
      serviceWideWildcards(statement({ Effect: "Allow", Action: ["s3:*", "sqs:SendMessage"], Resource: "*" })),
    ).toEqual(["s3:*"]);
    expect(serviceWideWildcards(statement({ Effect: "Allow", Action: "*", Resource: "*" }))).toEqual(["*"]);
    expect(serviceWideWildcards(statement({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }))).toEqual([
      'NotAction ["iam:*"]',
    ]);
  });

  it("ignores CDK grant prefixes and Deny statements", () => {
    const cdkBucketReadWrite = statement({
      Effect: "Allow",
      Action: ["s3:GetObject*", "s3:GetBucket*", "s3:List*", "s3:DeleteObject*", "s3:PutObject", "s3:Abort*"],
      Resource: ["arn:aws:s3:::uploads", "arn:aws:s3:::uploads/*"],
    });
    expect(serviceWideWildcards(cdkBucketReadWrite)).toEqual([]);
    expect(serviceWideWildcards(statement({ Effect: "Deny", Action: "s3:*", Resource: "*" }))).toEqual([]);
  });
});
