import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { ACCOUNT, arns, bucket, model, policy } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./s3-bucket-policy-public.ts";

const objects = `${arns.bucket("site")}/*`;
const publicRead = { Sid: "PublicRead", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: objects };
const bucketPolicy = (...statements: unknown[]) => policy({ Version: "2012-10-17", Statement: statements });
const noBlock = { publicAccessBlock: undefined };
const blockOff = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};
const site = (...statements: unknown[]) => bucket("site", { ...noBlock, policy: bucketPolicy(...statements) });

describe(rule.id, () => {
  it("Compliance: an account principal, a fixed service principal, and * pinned to the organization", () => {
    const results = runRule(
      rule,
      model(
        site(
          { ...publicRead, Principal: { AWS: `arn:aws:iam::${ACCOUNT}:root` } },
          { ...publicRead, Principal: { Service: "cloudfront.amazonaws.com" } },
          { ...publicRead, Condition: { StringEquals: { "aws:PrincipalOrgID": "o-a1b2c3d4e5" } } },
        ),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass"]);
  });

  it("Noncompliance: * may read, the statement and the missing block as evidence", () => {
    const [result] = runRule(rule, model(site(publicRead)));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("bucket policy lets anyone read — statement 0 (PublicRead) (read)");
    expect(result?.evidence).toEqual([
      { type: "statement", policy: "bucket policy", index: 0, sid: "PublicRead", statement: publicRead },
      { type: "setting", path: "publicAccessBlock.restrictPublicBuckets", value: null },
    ]);
  });

  it("Noncompliance: {AWS: *} may write and delete; s3:* names all three", () => {
    const writeDelete = { ...publicRead, Principal: { AWS: "*" }, Action: ["s3:PutObjectAcl", "s3:DeleteBucket"] };
    const [both] = runRule(rule, model(site({ ...writeDelete, Resource: [objects, arns.bucket("site")] })));
    expect(both?.message).toContain("bucket policy lets anyone write, delete");
    const [all] = runRule(rule, model(site({ ...publicRead, Action: "s3:*" })));
    expect(all?.message).toContain("lets anyone read, write, delete");
  });

  it("Noncompliance: a SourceAccount condition that can never match (AWS::AccountId as a literal) is ineffective", () => {
    const [result] = runRule(
      rule,
      model(site({ ...publicRead, Condition: { StringEquals: { "aws:SourceAccount": "AWS::AccountId" } } })),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("is ineffective");
  });

  it("Noncompliance: BlockPublicPolicy alone leaves an existing public policy in force, and says so", () => {
    const block = { ...blockOff, blockPublicPolicy: true };
    const [result] = runRule(
      rule,
      model(bucket("site", { publicAccessBlock: block, policy: bucketPolicy(publicRead) })),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("BlockPublicPolicy only refuses new public policies");
  });

  it("Real world: RestrictPublicBuckets on the bucket or the account confines a public policy", () => {
    const restricted = { ...blockOff, restrictPublicBuckets: true };
    const results = runRule(
      rule,
      model(
        bucket("site", { publicAccessBlock: restricted, policy: bucketPolicy(publicRead) }),
        bucket("other", {
          ...noBlock,
          accountPublicAccessBlock: restricted,
          policy: bucketPolicy({ ...publicRead, Resource: `${arns.bucket("other")}/*` }),
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass"]);
  });

  it("Real world: a public write into a bucket that invokes a function is left to the trigger rule", () => {
    const upload = { ...publicRead, Sid: "PublicUpload", Action: "s3:PutObject" };
    const notifications = [
      { targetType: "lambda" as const, targetArn: arns.fn("process"), events: ["s3:ObjectCreated:*"] },
    ];
    const [left] = runRule(rule, model(bucket("site", { ...noBlock, notifications, policy: bucketPolicy(upload) })));
    expect(left?.status).toBe("pass");
    expect(left?.message).toContain("reported by s3-bucket-public-write-trigger");
    const [read] = runRule(
      rule,
      model(bucket("site", { ...noBlock, notifications, policy: bucketPolicy(upload, publicRead) })),
    );
    expect(read?.status).toBe("fail");
    expect(read?.evidence.filter((e) => e.type === "statement")).toHaveLength(1);
  });

  it("Undetermined: RestrictPublicBuckets unknown (the account's block could not be read), or the policy unknown", () => {
    const [block] = runRule(
      rule,
      model(
        bucket("site", {
          ...noBlock,
          accountPublicAccessBlock: { ...blockOff, restrictPublicBuckets: unknown("AccessDenied") },
          policy: bucketPolicy(publicRead),
        }),
      ),
    );
    expect(block?.status).toBe("undetermined");
    expect(block?.message).toContain("AccessDenied");
    const [document] = runRule(rule, model(bucket("site", { ...noBlock, policy: unknown("GetBucketPolicy denied") })));
    expect(document?.status).toBe("undetermined");
  });
});
