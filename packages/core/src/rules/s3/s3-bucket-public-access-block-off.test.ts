import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, bucket, model, policy } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./s3-bucket-public-access-block-off.ts";

const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const publicRead = policy({
  Statement: [
    { Sid: "Site", Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${arns.bucket("site")}/*` },
  ],
});

describe(rule.id, () => {
  it("Compliance: a bucket that grants nothing publicly, without any block", () => {
    const [result] = runRule(rule, model(bucket("site", { publicAccessBlock: undefined, acl: "private" })));
    expect(result?.status).toBe("pass");
    expect(result?.message).toBe("the bucket grants nothing publicly");
  });

  it("Noncompliance: a public policy and no block at all", () => {
    const [result] = runRule(rule, model(bucket("site", { publicAccessBlock: undefined, policy: publicRead })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe(
      "bucket grants publicly (bucket policy statement 0 (Site)) with no public access block",
    );
    expect(result?.evidence).toHaveLength(4);
  });

  it("Noncompliance: a public ACL with the block partly off", () => {
    const block = { ...ALL_ON, blockPublicAcls: false, ignorePublicAcls: false };
    const [result] = runRule(rule, model(bucket("site", { publicAccessBlock: block, acl: "public-read" })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain(
      "(ACL public-read) with public access block settings off: blockPublicAcls, ignorePublicAcls",
    );
    expect(result?.evidence).toEqual([
      { type: "setting", path: "publicAccessBlock.blockPublicAcls", value: false },
      { type: "setting", path: "publicAccessBlock.ignorePublicAcls", value: false },
    ]);
  });

  it("Real world: all four on at the account level cover a bucket without its own block", () => {
    const [result] = runRule(
      rule,
      model(bucket("site", { publicAccessBlock: undefined, accountPublicAccessBlock: ALL_ON, policy: publicRead })),
    );
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: the policy could not be read, or a block setting is a parameter on a public bucket", () => {
    const results = runRule(
      rule,
      model(
        bucket("a", { publicAccessBlock: undefined, policy: unknown("GetBucketPolicy denied") }),
        bucket("site", {
          publicAccessBlock: { ...ALL_ON, restrictPublicBuckets: unknown("Ref Restrict") },
          policy: publicRead,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[1]?.message).toContain("Ref Restrict");
  });
});
