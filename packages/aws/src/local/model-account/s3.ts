import {
  type Event,
  type GetBucketAclCommandInput,
  type GetBucketAclCommandOutput,
  type GetBucketNotificationConfigurationCommandInput,
  type GetBucketNotificationConfigurationCommandOutput,
  type GetBucketPolicyCommandInput,
  type GetBucketPolicyCommandOutput,
  type GetBucketTaggingCommandInput,
  type GetBucketTaggingCommandOutput,
  type GetBucketVersioningCommandInput,
  type GetBucketVersioningCommandOutput,
  type GetPublicAccessBlockCommandInput,
  type GetPublicAccessBlockCommandOutput,
  type Grant,
  type ListBucketsCommandInput,
  type ListBucketsCommandOutput,
  NoSuchBucket,
  S3ServiceException,
} from "@aws-sdk/client-s3";
import {
  type GetPublicAccessBlockCommandInput as GetAccountPublicAccessBlockCommandInput,
  type GetPublicAccessBlockCommandOutput as GetAccountPublicAccessBlockCommandOutput,
  NoSuchPublicAccessBlockConfiguration,
} from "@aws-sdk/client-s3-control";
import { InconsistentStateError, UnservableResourceError } from "./errors.ts";
import {
  CREATED,
  failure,
  type KnownOfKind,
  page,
  pageSize,
  policyJson,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableId,
  tagList,
} from "./served.ts";

type KnownBucket = KnownOfKind<"s3.bucket">;

const ALL_USERS = "http://acs.amazonaws.com/groups/global/AllUsers";
const AUTHENTICATED_USERS = "http://acs.amazonaws.com/groups/global/AuthenticatedUsers";

/** An S3 error the SDK models by its code alone (NoSuchBucketPolicy and kin): the service's base exception. */
function s3Error(name: string, message: string): S3ServiceException {
  return new S3ServiceException({ name, $fault: "client", ...failure(404, message) });
}

/** Bucket names are global: a bucket of any region answers (the client follows region redirects). */
function bucketNamed(account: ServedAccount, name: string | undefined): KnownBucket {
  const bucket = account.everywhere("s3.bucket").find((b) => b.name === name);
  if (!bucket) throw new NoSuchBucket(failure(404, "The specified bucket does not exist"));
  return bucket;
}

function ownerOf(account: ServedAccount) {
  return { ID: stableId([account.account, "canonical-user"], 64) };
}

/** The grants of a canned ACL, those the readers tell apart: the owner's, and what the public may do. */
function grantsOf(bucket: KnownBucket, account: ServedAccount): Grant[] {
  const owner: Grant = { Grantee: { Type: "CanonicalUser", ...ownerOf(account) }, Permission: "FULL_CONTROL" };
  const group = (URI: string, Permission: Grant["Permission"]): Grant => ({
    Grantee: { Type: "Group", URI },
    Permission,
  });
  switch (bucket.acl ?? "private") {
    case "private":
      return [owner];
    case "public-read":
      return [owner, group(ALL_USERS, "READ")];
    case "public-read-write":
      return [owner, group(ALL_USERS, "READ"), group(ALL_USERS, "WRITE")];
    case "authenticated-read":
      return [owner, group(AUTHENTICATED_USERS, "READ")];
    default:
      throw new UnservableResourceError(`${bucket.arn}: ModelAccount serves no canned ACL ${bucket.acl}`);
  }
}

function notificationsOf(bucket: KnownBucket): Reply<GetBucketNotificationConfigurationCommandOutput> {
  const ofType = (type: "lambda" | "sqs" | "sns") => bucket.notifications.filter((n) => n.targetType === type);
  const common = (n: KnownBucket["notifications"][number]) => ({
    Id: stableId([bucket.arn, n.targetArn, ...n.events], 16),
    Events: n.events as Event[],
  });
  const lambda = ofType("lambda").map((n) => ({ ...common(n), LambdaFunctionArn: n.targetArn }));
  const sqs = ofType("sqs").map((n) => ({ ...common(n), QueueArn: n.targetArn }));
  const sns = ofType("sns").map((n) => ({ ...common(n), TopicArn: n.targetArn }));
  return {
    ...(lambda.length > 0 && { LambdaFunctionConfigurations: lambda }),
    ...(sqs.length > 0 && { QueueConfigurations: sqs }),
    ...(sns.length > 0 && { TopicConfigurations: sns }),
    ...(bucket.eventBridgeEnabled && { EventBridgeConfiguration: {} }),
  };
}

function configurationOf(block: NonNullable<KnownBucket["publicAccessBlock"]>) {
  return {
    BlockPublicAcls: block.blockPublicAcls,
    IgnorePublicAcls: block.ignorePublicAcls,
    BlockPublicPolicy: block.blockPublicPolicy,
    RestrictPublicBuckets: block.restrictPublicBuckets,
  };
}

/**
 * S3 Control: the account block is what the state's buckets carry as theirs, which must be one and the same (or
 * absent from all: the account has none).
 */
export const s3ControlAnswers: ServiceAnswers = {
  GetPublicAccessBlock: (
    _input: GetAccountPublicAccessBlockCommandInput,
    account,
  ): Reply<GetAccountPublicAccessBlockCommandOutput> => {
    const held = new Set(
      account.everywhere("s3.bucket").map((b) => JSON.stringify(b.accountPublicAccessBlock ?? null)),
    );
    if (held.size > 1)
      throw new InconsistentStateError("buckets of the state disagree on the account's public access block");
    const block = account.everywhere("s3.bucket")[0]?.accountPublicAccessBlock;
    if (!block) {
      throw new NoSuchPublicAccessBlockConfiguration({
        ...failure(404, "The public access block configuration was not found"),
      });
    }
    return { PublicAccessBlockConfiguration: configurationOf(block) };
  },
};

export const s3Answers: ServiceAnswers = {
  ListBuckets: (input: ListBucketsCommandInput, account): Reply<ListBucketsCommandOutput> => {
    const buckets = account
      .everywhere("s3.bucket")
      .filter((b) => input.BucketRegion === undefined || account.regionOf(b) === input.BucketRegion)
      .filter((b) => b.name.startsWith(input.Prefix ?? ""))
      .sort((a, b) => a.name.localeCompare(b.name));
    // Without MaxBuckets, S3 answers every bucket at once.
    const listed = page(buckets, input.ContinuationToken, pageSize(input.MaxBuckets, buckets.length, 10_000));
    return {
      Buckets: listed.items.map((b) => ({ Name: b.name, CreationDate: CREATED, BucketRegion: account.regionOf(b) })),
      Owner: ownerOf(account),
      ...(listed.next && { ContinuationToken: listed.next }),
      ...(input.Prefix !== undefined && { Prefix: input.Prefix }),
    };
  },
  GetBucketPolicy: (input: GetBucketPolicyCommandInput, account): Reply<GetBucketPolicyCommandOutput> => {
    const bucket = bucketNamed(account, input.Bucket);
    if (bucket.policy.statements.length === 0) throw s3Error("NoSuchBucketPolicy", "The bucket policy does not exist");
    return { Policy: policyJson(bucket.policy) };
  },
  GetPublicAccessBlock: (
    input: GetPublicAccessBlockCommandInput,
    account,
  ): Reply<GetPublicAccessBlockCommandOutput> => {
    const block = bucketNamed(account, input.Bucket).publicAccessBlock;
    if (!block) {
      throw s3Error("NoSuchPublicAccessBlockConfiguration", "The public access block configuration was not found");
    }
    return { PublicAccessBlockConfiguration: configurationOf(block) };
  },
  GetBucketNotificationConfiguration: (
    input: GetBucketNotificationConfigurationCommandInput,
    account,
  ): Reply<GetBucketNotificationConfigurationCommandOutput> => notificationsOf(bucketNamed(account, input.Bucket)),
  // A bucket never versioned answers no status.
  GetBucketVersioning: (input: GetBucketVersioningCommandInput, account): Reply<GetBucketVersioningCommandOutput> =>
    bucketNamed(account, input.Bucket).versioning ? { Status: "Enabled" } : {},
  GetBucketAcl: (input: GetBucketAclCommandInput, account): Reply<GetBucketAclCommandOutput> => ({
    Owner: ownerOf(account),
    Grants: grantsOf(bucketNamed(account, input.Bucket), account),
  }),
  GetBucketTagging: (input: GetBucketTaggingCommandInput, account): Reply<GetBucketTaggingCommandOutput> => {
    const { tags } = bucketNamed(account, input.Bucket);
    if (Object.keys(tags).length === 0) throw s3Error("NoSuchTagSet", "The TagSet does not exist");
    return { TagSet: tagList(tags) };
  },
};
