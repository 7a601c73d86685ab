/**
 * What the S3 rules share: the public access block S3 applies to a bucket (its own and the account's), the bucket
 * policy's public statements as S3 defines public, the canned ACLs that grant publicly, and which statements the
 * more specific trigger rule reports, so that no statement is reported twice.
 */
import { type Evidence, setting } from "../engine/rule.ts";
import { allOf, anyOf, not } from "../iam/logic.ts";
import { grantsAnyAction, type PublicGrants, publicGrants } from "../iam/public-grants.ts";
import { coversResourceOrBelow } from "../iam/resources.ts";
import type { Statement } from "../model/policy.ts";
import type { PublicAccessBlock, S3Bucket } from "../model/resources.ts";
import { isUnknown, type Value } from "../model/value.ts";
import { publicRuleReading } from "./public-policy.ts";

export type BlockSetting = keyof PublicAccessBlock;

export const BLOCK_SETTINGS: readonly BlockSetting[] = [
  "blockPublicAcls",
  "ignorePublicAcls",
  "blockPublicPolicy",
  "restrictPublicBuckets",
];

/** Whether S3 applies a block setting to the bucket: on at the bucket or at the account level, either suffices. */
export function blockSetting(bucket: S3Bucket, name: BlockSetting): Value<boolean> {
  const levels = [bucket.publicAccessBlock?.[name] ?? false, bucket.accountPublicAccessBlock?.[name] ?? false];
  if (levels.includes(true)) return true;
  return levels.find(isUnknown) ?? false;
}

/** A block setting as evidence: `null` where the bucket has no block, the account's only where it is known. */
export function blockEvidence(bucket: S3Bucket, name: BlockSetting): Evidence[] {
  const account = bucket.accountPublicAccessBlock;
  return [
    setting(`publicAccessBlock.${name}`, bucket.publicAccessBlock ? bucket.publicAccessBlock[name] : null),
    ...(account ? [setting(`accountPublicAccessBlock.${name}`, account[name])] : []),
  ];
}

/**
 * The bucket policy's statements that let anyone use any of `actions` (default: any action) on the bucket or its
 * objects. Public as S3 Block Public Access defines it: a fixed service principal is not public (whether it is
 * pinned to a source is the confused-deputy rule's question).
 */
export function publicBucketGrants(bucket: S3Bucket, actions?: readonly string[]): PublicGrants {
  const relevant = (statement: Statement) =>
    allOf(actions ? grantsAnyAction(statement, actions) : true, coversResourceOrBelow(statement, bucket.arn));
  return publicGrants(bucket.policy, relevant, publicRuleReading(bucket));
}

/** What each canned ACL that grants publicly lets others do (a bucket ACL's READ lists it, WRITE writes objects). */
export const PUBLIC_ACLS: Readonly<Record<string, string>> = {
  "public-read": "anyone can list the bucket's objects",
  "public-read-write": "anyone can list the bucket's objects and write or delete objects in it",
  "authenticated-read": "every AWS account's users can list the bucket's objects",
};

/** Object writes that raise ObjectCreated / ObjectRemoved / ObjectRestore notifications. */
export const OBJECT_WRITE_ACTIONS = ["s3:PutObject", "s3:DeleteObject", "s3:DeleteObjectVersion", "s3:RestoreObject"];

/** Whether a notification of the bucket invokes a function: unknown when its notifications could not be read. */
export function invokesFunction(bucket: S3Bucket): Value<boolean> {
  const { notifications } = bucket;
  return isUnknown(notifications) ? notifications : notifications.some((n) => n.targetType === "lambda");
}

/**
 * Whether anyone can write objects into the bucket (and so raise its notifications): by a public policy statement
 * that RestrictPublicBuckets does not confine, or by the `public-read-write` ACL that IgnorePublicAcls does not void.
 */
export function writableByAnyone(bucket: S3Bucket): Value<boolean> {
  const byPolicy = publicBucketGrants(bucket, OBJECT_WRITE_ACTIONS);
  const restricted = blockSetting(bucket, "restrictPublicBuckets");
  const policy: Value<boolean> =
    restricted === true ? false : byPolicy.grants.length > 0 ? not(restricted) : (byPolicy.uncertain ?? false);
  const ignored = blockSetting(bucket, "ignorePublicAcls");
  const acl: Value<boolean> =
    ignored === true || bucket.acl === undefined
      ? false
      : isUnknown(bucket.acl)
        ? bucket.acl
        : bucket.acl === "public-read-write"
          ? not(ignored)
          : false;
  return anyOf(policy, acl);
}

/**
 * Whether `s3-bucket-public-write-trigger` reports this public statement: it writes objects into a bucket that
 * invokes a function. That rule is the more specific one (a public trigger, critical), so the broader public-policy
 * rule leaves the statement to it.
 */
export function reportedAsPublicTrigger(bucket: S3Bucket, statement: Statement): boolean {
  return (
    invokesFunction(bucket) === true &&
    allOf(grantsAnyAction(statement, OBJECT_WRITE_ACTIONS), coversResourceOrBelow(statement, bucket.arn)) === true
  );
}
