import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, bucket, model } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./s3-bucket-acl-public.ts";

const blockOff = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};
const open = { publicAccessBlock: undefined };

describe(rule.id, () => {
  it("Compliance: no ACL, a private one, and log-delivery-write", () => {
    const results = runRule(
      rule,
      model(
        bucket("a", open),
        bucket("b", { ...open, acl: "private" }),
        bucket("c", { ...open, acl: "log-delivery-write" }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
  });

  it("Noncompliance: public-read, public-read-write and authenticated-read without IgnorePublicAcls", () => {
    const results = runRule(
      rule,
      model(
        bucket("a", { ...open, acl: "public-read" }),
        bucket("b", { publicAccessBlock: blockOff, acl: "public-read-write" }),
        bucket("c", { ...open, acl: "authenticated-read" }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["fail", "fail", "fail"]);
    expect(results[1]?.message).toBe(
      "ACL public-read-write: anyone can list the bucket's objects and write or delete objects in it",
    );
    expect(results[1]?.evidence).toEqual([
      { type: "setting", path: "acl", value: "public-read-write" },
      { type: "setting", path: "publicAccessBlock.ignorePublicAcls", value: false },
    ]);
  });

  it("Real world: IgnorePublicAcls on the bucket or the account neutralises; a triggering bucket's public-read-write is the trigger rule's", () => {
    const notifications = [
      { targetType: "lambda" as const, targetArn: arns.fn("process"), events: ["s3:ObjectCreated:*"] },
    ];
    const results = runRule(
      rule,
      model(
        bucket("a", { publicAccessBlock: { ...blockOff, ignorePublicAcls: true }, acl: "public-read" }),
        bucket("b", { ...open, accountPublicAccessBlock: { ...blockOff, ignorePublicAcls: true }, acl: "public-read" }),
        bucket("c", { ...open, notifications, acl: "public-read-write" }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["pass", "pass", "pass"]);
    expect(results[2]?.message).toContain("reported by s3-bucket-public-write-trigger");
  });

  it("Undetermined: the ACL could not be read, or IgnorePublicAcls is a parameter", () => {
    const results = runRule(
      rule,
      model(
        bucket("a", { ...open, acl: unknown("GetBucketAcl denied") }),
        bucket("b", {
          publicAccessBlock: { ...blockOff, ignorePublicAcls: unknown("Ref IgnoreAcls") },
          acl: "public-read",
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[1]?.message).toContain("Ref IgnoreAcls");
  });
});
