/** Buckets (with the policy, block, ACL, notification and versioning resources that configure them) and tables. */
import {
  type BucketNotification,
  type DynamoDbTable,
  type PublicAccessBlock,
  type S3Bucket,
  unknown,
} from "@vigil/core";
import {
  bool,
  type Dict,
  dict,
  dicts,
  documentOr,
  type PulumiResourceState,
  type PulumiState,
  str,
  strings,
} from "./shared.ts";

/** `aws.s3.Bucket` (v6 and older) and `aws.s3.BucketV2` (SST v3/v4); v7 renamed the second to the first. */
const BUCKET_TYPES = ["aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2"];
const ACL_TYPES = ["aws:s3/bucketAclV2:BucketAclV2", "aws:s3/bucketAcl:BucketAcl"];
const VERSIONING_TYPES = ["aws:s3/bucketVersioningV2:BucketVersioningV2", "aws:s3/bucketVersioning:BucketVersioning"];

/** The provider's notification lists: (input, target key, model target type). */
const NOTIFICATION_LISTS = [
  ["lambdaFunctions", "lambdaFunctionArn", "lambda"],
  ["queues", "queueArn", "sqs"],
  ["topics", "topicArn", "sns"],
] as const;

export function buckets(state: PulumiState): S3Bucket[] {
  return state.ofType(...BUCKET_TYPES).map((s) => {
    const name = str(s.outputs.bucket) ?? str(s.outputs.id) ?? String(s.inputs.bucket);
    const arn = str(s.outputs.arn) ?? `arn:aws:s3:::${name}`;
    // Each configuring resource names the bucket by its name (`bucket` input).
    const [policy, block, acl, versioning] = [
      ["aws:s3/bucketPolicy:BucketPolicy"],
      ["aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"],
      ACL_TYPES,
      VERSIONING_TYPES,
    ].map((types) => state.ofType(...types).find((r) => r.inputs.bucket === name));
    const notifications = state
      .ofType("aws:s3/bucketNotification:BucketNotification")
      .filter((r) => r.inputs.bucket === name);
    return {
      kind: "s3.bucket",
      ...state.base(s, arn),
      name,
      // A BucketPolicy resource replaces the policy the bucket's deprecated inline input set.
      policy: documentOr(policy?.inputs.policy ?? s.inputs.policy, `${(policy ?? s).urn} policy`),
      publicAccessBlock: block ? publicAccessBlock(block.inputs) : S3_DEFAULT_BLOCK,
      acl: cannedAcl(acl?.inputs ?? { acl: s.inputs.acl }),
      notifications: notifications.flatMap((n) =>
        NOTIFICATION_LISTS.flatMap(([list, key, targetType]) =>
          dicts(n.inputs[list]).map(
            (entry): BucketNotification => ({
              targetType,
              targetArn: String(entry[key]),
              events: strings(entry.events),
            }),
          ),
        ),
      ),
      eventBridgeEnabled: notifications.some((n) => n.inputs.eventbridge === true),
      versioning: versioningEnabled(s, versioning),
    } satisfies S3Bucket;
  });
}

/** S3 turns all four on for every new bucket (since April 2023), as the template reader assumes too. */
const S3_DEFAULT_BLOCK: PublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: true,
  blockPublicPolicy: true,
  restrictPublicBuckets: true,
};

/** A BucketPublicAccessBlock resource: the provider leaves each setting it is not given off. */
function publicAccessBlock(inputs: Dict): PublicAccessBlock {
  return {
    blockPublicAcls: inputs.blockPublicAcls === true,
    ignorePublicAcls: inputs.ignorePublicAcls === true,
    blockPublicPolicy: inputs.blockPublicPolicy === true,
    restrictPublicBuckets: inputs.restrictPublicBuckets === true,
  };
}

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/**
 * The canned ACL, or the one equivalent to explicit grants as far as public access goes (as the live reader reads
 * grants); S3's own default is `private`.
 */
function cannedAcl(inputs: Dict): string {
  const canned = str(inputs.acl);
  if (canned) return canned;
  const grants = dicts(dict(inputs.accessControlPolicy).grants);
  const to = (uri: string, permission: string) =>
    grants.some((g) => dict(g.grantee).uri === uri && (g.permission === permission || g.permission === "FULL_CONTROL"));
  if (to(ALL_USERS, "WRITE")) return "public-read-write";
  if (to(ALL_USERS, "READ")) return "public-read";
  if (to(AUTHENTICATED_USERS, "READ")) return "authenticated-read";
  return "private";
}

/** A versioning resource wins over the bucket's deprecated inline `versioning` (v1) / `versionings` (BucketV2). */
function versioningEnabled(bucket: PulumiResourceState, versioning: PulumiResourceState | undefined): boolean {
  if (versioning) return dict(versioning.inputs.versioningConfiguration).status === "Enabled";
  const inline = [bucket.inputs.versioning, bucket.inputs.versionings].flatMap((v) =>
    Array.isArray(v) ? dicts(v) : [dict(v)],
  );
  return inline.some((v) => bool(v.enabled) === true);
}

export function tables(state: PulumiState): DynamoDbTable[] {
  return state.ofType("aws:dynamodb/table:Table").map((s) => {
    const encryption = dict(s.inputs.serverSideEncryption);
    return {
      kind: "dynamodb.table",
      ...state.base(s),
      pointInTimeRecovery: dict(s.inputs.pointInTimeRecovery).enabled === true,
      deletionProtection: s.inputs.deletionProtectionEnabled === true,
      encryption:
        encryption.enabled !== true ? "aws-owned" : str(encryption.kmsKeyArn) ? "customer-managed" : "aws-managed",
      ...(s.inputs.streamEnabled === true && {
        stream: {
          viewType: String(s.inputs.streamViewType),
          arn: str(s.outputs.streamArn) ?? unknown("set at deploy"),
        },
      }),
      billingMode: s.inputs.billingMode === "PAY_PER_REQUEST" ? "PAY_PER_REQUEST" : "PROVISIONED",
    } satisfies DynamoDbTable;
  });
}
