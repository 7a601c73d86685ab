import type { AnyRule } from "../../engine/rule.ts";
import sqsQueueNoDlq from "./sqs-queue-no-dlq.ts";
import sqsQueuePolicyPublic from "./sqs-queue-policy-public.ts";
import sqsQueueUnencrypted from "./sqs-queue-unencrypted.ts";
import sqsVisibilityBelowFunctionTimeout from "./sqs-visibility-below-function-timeout.ts";

export const SQS_RULES: readonly AnyRule[] = [
  sqsQueueNoDlq,
  sqsQueuePolicyPublic,
  sqsQueueUnencrypted,
  sqsVisibilityBelowFunctionTimeout,
];
