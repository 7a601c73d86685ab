import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, iamRole, lambdaFunction, model, policy } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./iam-role-service-wildcard.ts";

const roleWith = (...Statement: unknown[]) =>
  iamRole("orders-role", { inlinePolicies: [{ name: "access", document: policy({ Statement }) }] });
const run = (role: ReturnType<typeof iamRole>, options?: Record<string, unknown>) =>
  runRule(rule, model(lambdaFunction("orders"), role), options ? { options } : {});

describe(rule.id, () => {
  it("Compliance: listed actions", () => {
    const role = roleWith({
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
      Resource: arns.table("orders"),
    });
    expect(statusOf(run(role), "orders-role")).toEqual(["pass"]);
  });

  it("must not fire: a service wildcard on named resources only (SST's link grants: dynamodb:* on one table)", () => {
    const role = roleWith({
      Effect: "Allow",
      Action: "dynamodb:*",
      Resource: [arns.table("orders"), `${arns.table("orders")}/*`],
    });
    expect(statusOf(run(role), "orders-role")).toEqual(["pass"]);
    const everyTable = roleWith({ Effect: "Allow", Action: "dynamodb:*", Resource: "arn:aws:dynamodb:*:*:table/*" });
    expect(statusOf(run(everyTable), "orders-role")).toEqual(["fail"]);
  });

  it("must not fire: CDK grant shapes (grantReadWrite on a bucket, grantReadWriteData on a table)", () => {
    const role = roleWith(
      {
        Effect: "Allow",
        Action: [
          "s3:GetObject*",
          "s3:GetBucket*",
          "s3:List*",
          "s3:DeleteObject*",
          "s3:PutObject",
          "s3:PutObjectLegalHold",
          "s3:Abort*",
        ],
        Resource: [arns.bucket("uploads"), `${arns.bucket("uploads")}/*`],
      },
      {
        Effect: "Allow",
        Action: [
          "dynamodb:BatchGetItem",
          "dynamodb:GetRecords",
          "dynamodb:Query",
          "dynamodb:GetItem",
          "dynamodb:Scan",
          "dynamodb:PutItem",
        ],
        Resource: [arns.table("orders"), `${arns.table("orders")}/index/*`],
      },
      { Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" },
    );
    expect(statusOf(run(role), "orders-role")).toEqual(["pass"]);
  });

  it("Noncompliance 1: s3:* on a bucket, naming the wildcard and statement", () => {
    const role = roleWith({ Effect: "Allow", Action: ["s3:*", "sqs:SendMessage"], Resource: "*" });
    const [result] = run(role);
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("s3:* in inline policy access statement 0");
    expect(result?.evidence[0]).toMatchObject({ type: "statement", policy: "inline policy access", index: 0 });
  });

  it("Noncompliance 2: an Allow with NotAction", () => {
    const role = roleWith({ Effect: "Allow", NotAction: "iam:*", Resource: "*" });
    expect(run(role)[0]?.message).toContain('NotAction ["iam:*"]');
  });

  it("Options: allowServices accepts a service's wildcard", () => {
    const role = roleWith({ Effect: "Allow", Action: "xray:*", Resource: "*" });
    expect(statusOf(run(role), "orders-role")).toEqual(["fail"]);
    expect(statusOf(run(role, { allowServices: ["xray"] }), "orders-role")).toEqual(["pass"]);
  });

  it("Undetermined: an unresolved action", () => {
    const role = roleWith({ Effect: "Allow", Action: unknown("Ref ActionParam"), Resource: "*" });
    expect(run(role)[0]?.message).toContain("Ref ActionParam");
  });
});
