import {
  type Bucket,
  GetBucketAclCommand,
  GetBucketNotificationConfigurationCommand,
  GetBucketPolicyCommand,
  GetBucketTaggingCommand,
  GetBucketVersioningCommand,
  GetPublicAccessBlockCommand,
  type Grant,
  ListBucketsCommand,
  type PublicAccessBlockConfiguration,
} from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from "@aws-sdk/client-s3-control";
import {
  type BucketNotification,
  type PublicAccessBlock,
  type Resource,
  type S3Bucket,
  unknown,
  type Value,
} from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, liveOrigin, readPages, readPolicy, tagMap, tagsOfCall } from "./shared.ts";

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/** The canned ACL equivalent to the grants, as far as public access goes. */
function cannedAcl(grants: readonly Grant[]): string {
  const to = (uri: string, permission: string) =>
    grants.some((g) => g.Grantee?.URI === uri && (g.Permission === permission || g.Permission === "FULL_CONTROL"));
  if (to(ALL_USERS, "WRITE")) return "public-read-write";
  if (to(ALL_USERS, "READ")) return "public-read";
  if (to(AUTHENTICATED_USERS, "READ")) return "authenticated-read";
  return "private";
}

/** A block as the model holds it: a setting the answer leaves out is off. */
function blockOf(c: PublicAccessBlockConfiguration | undefined): PublicAccessBlock {
  return {
    blockPublicAcls: c?.BlockPublicAcls ?? false,
    ignorePublicAcls: c?.IgnorePublicAcls ?? false,
    blockPublicPolicy: c?.BlockPublicPolicy ?? false,
    restrictPublicBuckets: c?.RestrictPublicBuckets ?? false,
  };
}

function unknownBlock(reason: string): PublicAccessBlock {
  const why = unknown(reason);
  return { blockPublicAcls: why, ignorePublicAcls: why, blockPublicPolicy: why, restrictPublicBuckets: why };
}

/** The account block of each read (one ledger per read, one account per read): asked once, whatever the buckets. */
const accountBlocks = new WeakMap<object, Promise<PublicAccessBlock | undefined>>();

/**
 * The account-level block (S3 Control), which S3 applies on top of every bucket's own: `undefined` when the account
 * has none (as good as all off), every setting unknown when it could not be read — a bucket whose own block is off
 * is then undetermined.
 */
function accountBlock(session: ReadSession): Promise<PublicAccessBlock | undefined> {
  let block = accountBlocks.get(session.ledger);
  if (!block) {
    const { account } = session.scope;
    block = session
      .call("s3control", new GetAccountPublicAccessBlockCommand({ AccountId: account }), {
        resource: account,
        absentWhen: ["NoSuchPublicAccessBlockConfiguration"],
      })
      .then((got) =>
        got.status === "ok"
          ? blockOf(got.output.PublicAccessBlockConfiguration)
          : got.status === "absent"
            ? undefined
            : unknownBlock(got.reason),
      );
    accountBlocks.set(session.ledger, block);
  }
  return block;
}

/**
 * One bucket. Rules read its tags (a `vigil:sensitive` bucket is a data-flow sink): a targeted read asks
 * GetBucketTagging, a sweep takes them from the Tagging API for the whole region.
 */
const NO_SUCH_BUCKET = "NoSuchBucket";

async function readBucket(
  session: ReadSession,
  bucket: Bucket,
  { readTags }: { readTags: boolean },
): Promise<S3Bucket | undefined> {
  const name = bucket.Name ?? "";
  const arn = `arn:${session.scope.partition}:s3:::${name}`;
  // Every call answers NoSuchBucket for a deleted bucket: absent, not failed. Versioning has no other "absent".
  const call = { resource: arn, absentWhen: [NO_SUCH_BUCKET] };
  const [accountPublicAccessBlock, policy, block, notifications, versioning, acl, tagged] = await Promise.all([
    accountBlock(session),
    session.call("s3", new GetBucketPolicyCommand({ Bucket: name }), {
      ...call,
      absentWhen: [NO_SUCH_BUCKET, "NoSuchBucketPolicy"],
    }),
    session.call("s3", new GetPublicAccessBlockCommand({ Bucket: name }), {
      ...call,
      absentWhen: [NO_SUCH_BUCKET, "NoSuchPublicAccessBlockConfiguration"],
    }),
    session.call("s3", new GetBucketNotificationConfigurationCommand({ Bucket: name }), call),
    session.call("s3", new GetBucketVersioningCommand({ Bucket: name }), call),
    session.call("s3", new GetBucketAclCommand({ Bucket: name }), call),
    readTags
      ? session.call("s3", new GetBucketTaggingCommand({ Bucket: name }), {
          ...call,
          absentWhen: [NO_SUCH_BUCKET, "NoSuchTagSet"],
        })
      : undefined,
  ]);
  if (versioning.status === "absent") return undefined;

  const publicAccessBlock =
    block.status === "ok"
      ? blockOf(block.output.PublicAccessBlockConfiguration)
      : block.status === "failed"
        ? unknownBlock(block.reason)
        : undefined;

  let notificationList: Value<readonly BucketNotification[]>;
  let eventBridgeEnabled: Value<boolean>;
  if (notifications.status === "ok") {
    const o = notifications.output;
    notificationList = [
      ...(o.LambdaFunctionConfigurations ?? []).map((c) => ({
        targetType: "lambda" as const,
        targetArn: c.LambdaFunctionArn ?? unknown("no LambdaFunctionArn"),
        events: c.Events ?? [],
      })),
      ...(o.QueueConfigurations ?? []).map((c) => ({
        targetType: "sqs" as const,
        targetArn: c.QueueArn ?? unknown("no QueueArn"),
        events: c.Events ?? [],
      })),
      ...(o.TopicConfigurations ?? []).map((c) => ({
        targetType: "sns" as const,
        targetArn: c.TopicArn ?? unknown("no TopicArn"),
        events: c.Events ?? [],
      })),
    ];
    eventBridgeEnabled = o.EventBridgeConfiguration !== undefined;
  } else {
    notificationList = unknown(notifications.status === "failed" ? notifications.reason : "no notifications");
    eventBridgeEnabled = notificationList;
  }

  return {
    kind: "s3.bucket",
    id: arn,
    arn,
    name,
    origin: liveOrigin(session.scope),
    tags: tagsOfCall(tagged, (o) => tagMap(o.TagSet), {}),
    policy:
      policy.status === "ok"
        ? readPolicy(session, "s3", "s3:GetBucketPolicy", policy.output.Policy, arn)
        : policy.status === "absent"
          ? { statements: [] }
          : unknown(policy.reason),
    ...(publicAccessBlock && { publicAccessBlock }),
    ...(accountPublicAccessBlock && { accountPublicAccessBlock }),
    acl:
      acl.status === "ok"
        ? cannedAcl(acl.output.Grants ?? [])
        : unknown(acl.status === "failed" ? acl.reason : "no ACL"),
    notifications: notificationList,
    eventBridgeEnabled,
    versioning:
      versioning.status === "ok"
        ? versioning.output.Status === "Enabled"
        : unknown(versioning.status === "failed" ? versioning.reason : "no versioning"),
  };
}

/** Buckets of this session's region (S3 lists every bucket of the account, each with its region). */
async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("s3.bucket", "s3");
  const { region } = session.scope;
  const listed = await readPages(
    session,
    "s3",
    (ContinuationToken) => new ListBucketsCommand({ BucketRegion: region, MaxBuckets: 1000, ContinuationToken }),
    (o) => ({ items: o.Buckets, next: o.ContinuationToken }),
  );
  // The filter is applied again here for endpoints that ignore `BucketRegion`; a bucket without one is kept.
  if (listed.failed) session.incomplete("s3.bucket", listed.failed);
  const buckets = listed.items.filter((b) => b.BucketRegion === undefined || b.BucketRegion === region);
  progress.total(buckets.length);
  const read = await Promise.all(
    buckets.map(async (b) => {
      const resource = await readBucket(session, b, { readTags: false });
      progress.tick();
      return resource;
    }),
  );
  const found = read.filter((bucket) => bucket !== undefined);
  progress.finish(found.length);
  return found;
}

/** A bucket by ARN; [] when it does not exist. */
async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  const bucket = await readBucket(session, { Name: arn.slice(arn.lastIndexOf(":") + 1) }, { readTags: true });
  return bucket ? [bucket] : [];
}

export const s3Reader: LiveReader = {
  service: "s3",
  kinds: ["s3.bucket"],
  permissions: [
    "s3:ListAllMyBuckets",
    "s3:GetBucketPolicy",
    "s3:GetBucketPublicAccessBlock",
    "s3:GetAccountPublicAccessBlock",
    "s3:GetBucketNotification",
    "s3:GetBucketVersioning",
    "s3:GetBucketAcl",
    "s3:GetBucketTagging",
  ],
  sweep,
  readOne,
};
