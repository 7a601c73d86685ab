/**
 * How the evaluate and notify functions consume their queues: the stacks deploy these settings and the pipeline
 * simulation plays them. Apart from the handlers so that the stacks can read them without loading the AWS SDK.
 */
export interface QueueConsumer {
  /** Invocations at once: the function's reserved concurrency, and the most its queue subscription may start. */
  readonly concurrency: number;
  readonly timeoutSeconds: number;
  /** Records per invocation, at most. */
  readonly batchSize: number;
  /** How long a received message stays hidden from other invocations. */
  readonly visibilityTimeoutSeconds: number;
  /** Receives of a message before its queue parks it on the dead-letter queue. */
  readonly maxReceiveCount: number;
}

const TIMEOUT_SECONDS = 30;

/** Six times the function's timeout, as Lambda's SQS event source advises. */
const VISIBILITY_TIMEOUT_SECONDS = 6 * TIMEOUT_SECONDS;

export const EVALUATE_CONSUMER: QueueConsumer = {
  concurrency: 5,
  timeoutSeconds: TIMEOUT_SECONDS,
  batchSize: 10,
  visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
  maxReceiveCount: 3,
};

export const NOTIFY_CONSUMER: QueueConsumer = {
  concurrency: 2,
  timeoutSeconds: TIMEOUT_SECONDS,
  // More than the digest threshold, so that a burst becomes one digest.
  batchSize: 50,
  visibilityTimeoutSeconds: VISIBILITY_TIMEOUT_SECONDS,
  maxReceiveCount: 5,
};
