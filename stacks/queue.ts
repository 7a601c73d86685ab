import { EVALUATE_CONSUMER } from "../packages/functions/src/shared/queue-consumers.ts";
import { vigilConfig } from "./config.ts";
import { encryptedQueue } from "./queue-defaults.ts";

/** Evaluations that failed every attempt, kept for inspection and redrive. */
export const evaluationDeadLetters = encryptedQueue("EvaluationDeadLetters", { retentionDays: 14 });

/**
 * Resource references to evaluate. Delivery waits for the coalescing window, so a burst of changes to one
 * resource is read once, after it settles (the evaluator reads live state, duplicates cost one read each).
 */
export const evaluationQueue = encryptedQueue("EvaluationQueue", {
  delay: `${vigilConfig.service.coalescingWindowSeconds} seconds`,
  visibilityTimeout: `${EVALUATE_CONSUMER.visibilityTimeoutSeconds} seconds`,
  dlq: { queue: evaluationDeadLetters.arn, retry: EVALUATE_CONSUMER.maxReceiveCount },
});

/** Events and schedules EventBridge could not deliver after its retries (the policy is in capture.ts). */
export const undeliveredEvents = encryptedQueue("UndeliveredEvents", { retentionDays: 14 });
