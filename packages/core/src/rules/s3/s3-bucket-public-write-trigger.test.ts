import { describe, expect, it } from "vitest";
import type { S3Bucket } from "../../model/resources.ts";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, bucket, model, policy } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./s3-bucket-public-write-trigger.ts";

/** How the template reader writes the partition of the ARNs it builds. */
const PARTITION_TOKEN = ["$", "{AWS::Partition}"].join("");
const notifications = [
  { targetType: "lambda" as const, targetArn: arns.fn("process"), events: ["s3:ObjectCreated:*"] },
];
const noBlock = { publicAccessBlock: undefined };
const publicUploads = {
  Sid: "PublicUploads",
  Effect: "Allow",
  Principal: "*",
  Action: "s3:PutObject",
  Resource: `${arns.bucket("uploads")}/*`,
};
const triggering = (overrides: Partial<S3Bucket> = {}) => bucket("uploads", { notifications, ...overrides });
const bucketPolicy = (...statements: unknown[]) => policy({ Version: "2012-10-17", Statement: statements });

describe(rule.id, () => {
  it("Compliance: a triggering bucket with a private policy, and a public bucket that triggers nothing", () => {
    const results = runRule(
      rule,
      model(
        triggering({ ...noBlock, policy: bucketPolicy({ ...publicUploads, Principal: { AWS: ACCOUNT } }) }),
        bucket("website", { ...noBlock, policy: bucketPolicy(publicUploads) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Noncompliance: s3:PutObject to * on the objects, no public access block", () => {
    const [result] = runRule(rule, model(triggering({ ...noBlock, policy: bucketPolicy(publicUploads) })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("PublicUploads");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "bucket policy", index: 0, sid: "PublicUploads", statement: publicUploads },
      { type: "setting", path: "publicAccessBlock.restrictPublicBuckets", value: null },
    ]);
  });

  it("Noncompliance: a template's bucket (its ARN with a partition token) whose policy names it with a literal partition", () => {
    const templated = `arn:${PARTITION_TOKEN}:s3:::uploads`;
    const literal = { ...publicUploads, Resource: "arn:aws:s3:::uploads/*" };
    const [open] = runRule(
      rule,
      model(triggering({ ...noBlock, id: templated, arn: templated, policy: bucketPolicy(literal) })),
    );
    expect(open?.status).toBe("fail");
    const elsewhere = { ...literal, Resource: "arn:aws:s3:::other-bucket/*" };
    const [closed] = runRule(
      rule,
      model(triggering({ ...noBlock, id: templated, arn: templated, policy: bucketPolicy(elsewhere) })),
    );
    expect(closed?.status).toBe("pass");
  });

  it("Noncompliance: a public-read-write ACL that IgnorePublicAcls does not neutralise", () => {
    const block = {
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    const [result] = runRule(rule, model(triggering({ acl: "public-read-write", publicAccessBlock: block })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toContainEqual({ type: "setting", path: "acl", value: "public-read-write" });
  });

  it("Real world: a public write neutralised by the public access block, a public-read ACL, and a Deny", () => {
    const results = runRule(
      rule,
      model(
        triggering({ policy: bucketPolicy(publicUploads), acl: "public-read-write" }),
        bucket("reports", {
          ...noBlock,
          notifications,
          acl: "public-read",
          policy: bucketPolicy(
            { ...publicUploads, Effect: "Deny", Condition: { Bool: { "aws:SecureTransport": "false" } } },
            { ...publicUploads, Action: "s3:GetObject", Resource: `${arns.bucket("reports")}/*` },
          ),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Real world: the account-level block neutralises, a fixed service principal is not public (the deputy rule's)", () => {
    const accountBlock = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    const delivery = { ...publicUploads, Principal: { Service: "logging.s3.amazonaws.com" } };
    const results = runRule(
      rule,
      model(
        triggering({ ...noBlock, accountPublicAccessBlock: accountBlock, policy: bucketPolicy(publicUploads) }),
        bucket("logs", { ...noBlock, notifications, policy: bucketPolicy(delivery) }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Undetermined: RestrictPublicBuckets from a parameter", () => {
    const block = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: unknown("Ref RestrictParam"),
    };
    const [result] = runRule(
      rule,
      model(triggering({ policy: bucketPolicy(publicUploads), publicAccessBlock: block })),
    );
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref RestrictParam");
  });
});
