import type { AnyRule } from "../../engine/rule.ts";
import s3BucketAclPublic from "./s3-bucket-acl-public.ts";
import s3BucketPolicyPublic from "./s3-bucket-policy-public.ts";
import s3BucketPublicAccessBlockOff from "./s3-bucket-public-access-block-off.ts";
import s3BucketPublicWriteTrigger from "./s3-bucket-public-write-trigger.ts";

export const S3_RULES: readonly AnyRule[] = [
  s3BucketPublicWriteTrigger,
  s3BucketPolicyPublic,
  s3BucketAclPublic,
  s3BucketPublicAccessBlockOff,
];
