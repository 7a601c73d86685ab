import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { bucket } from "../../testing/builders.ts";
import remediation from "./s3-bucket-public-write-trigger.remediation.ts";

const ALL = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
const partial = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

describe(`${remediation.ruleId} remediation`, () => {
  it("blocks all public access, the previous block as its undo", () => {
    const plan = remediation.plan(bucket("uploads", { publicAccessBlock: partial }));
    expect(plan?.calls).toEqual([
      {
        service: "s3",
        operation: "PutPublicAccessBlock",
        input: { Bucket: "uploads", PublicAccessBlockConfiguration: ALL },
        iamAction: "s3:PutBucketPublicAccessBlock",
      },
    ]);
    expect(plan?.undo[0]?.input).toEqual({
      Bucket: "uploads",
      PublicAccessBlockConfiguration: {
        BlockPublicAcls: true,
        IgnorePublicAcls: true,
        BlockPublicPolicy: false,
        RestrictPublicBuckets: false,
      },
    });
  });

  it("plans nothing when all is blocked already or a setting is unknown", () => {
    const blocked = {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    };
    expect(remediation.plan(bucket("uploads", { publicAccessBlock: blocked }))).toBeUndefined();
    expect(
      remediation.plan(bucket("uploads", { publicAccessBlock: { ...partial, blockPublicPolicy: unknown("denied") } })),
    ).toBeUndefined();
  });
});
