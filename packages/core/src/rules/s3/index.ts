import type { AnyRule } from "../../engine/rule.ts";
import s3BucketPublicWriteTrigger from "./s3-bucket-public-write-trigger.ts";

export const S3_RULES: readonly AnyRule[] = [s3BucketPublicWriteTrigger];
