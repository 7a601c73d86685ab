import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

const BLOCK_ALL = {
  BlockPublicAcls: true,
  IgnorePublicAcls: true,
  BlockPublicPolicy: true,
  RestrictPublicBuckets: true,
};

export default defineRemediation({
  ruleId: "s3-bucket-public-write-trigger",
  description:
    "Blocks public access on a bucket whose uploads invoke a function: public writes stop at once, whatever the bucket policy or ACLs say. Undone by restoring the previous block (or deleting it when there was none).",
  kind: "s3.bucket",
  actions: ["s3:PutBucketPublicAccessBlock"],
  scope: SCOPES.bucket,
  maxMode: "auto",
  plan(bucket) {
    if (isUnknown(bucket.name)) return undefined;
    const before = bucket.publicAccessBlock;
    if (before && Object.values(before).some(isUnknown)) return undefined;
    if (before && Object.values(before).every((value) => value === true)) return undefined;
    const previous = before
      ? {
          BlockPublicAcls: before.blockPublicAcls,
          IgnorePublicAcls: before.ignorePublicAcls,
          BlockPublicPolicy: before.blockPublicPolicy,
          RestrictPublicBuckets: before.restrictPublicBuckets,
        }
      : { BlockPublicAcls: false, IgnorePublicAcls: false, BlockPublicPolicy: false, RestrictPublicBuckets: false };
    const call = (configuration: Record<string, unknown>) => ({
      service: "s3" as const,
      operation: "PutPublicAccessBlock",
      input: { Bucket: bucket.name, PublicAccessBlockConfiguration: configuration },
      iamAction: "s3:PutBucketPublicAccessBlock",
    });
    return {
      ruleId: "s3-bucket-public-write-trigger",
      resourceId: bucket.id,
      summary: `block all public access to bucket ${bucket.name}`,
      changes: [{ path: "publicAccessBlock", before: before ?? null, after: BLOCK_ALL }],
      calls: [call(BLOCK_ALL)],
      undo: [call(previous)],
    };
  },
});
