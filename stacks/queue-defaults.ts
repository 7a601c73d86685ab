export interface EncryptedQueueArgs extends Omit<sst.aws.QueueArgs, "transform"> {
  /** How long an unconsumed message is kept; SQS's default is 4 days. */
  retentionDays?: number;
}

/** A queue encrypted at rest with SQS-managed keys (explicit: Vigil's own SQS rule reads this setting). */
export function encryptedQueue(name: string, { retentionDays = 4, ...args }: EncryptedQueueArgs = {}): sst.aws.Queue {
  return new sst.aws.Queue(name, {
    ...args,
    transform: { queue: { sqsManagedSseEnabled: true, messageRetentionSeconds: retentionDays * 24 * 60 * 60 } },
  });
}

/**
 * The queue's policy: EventBridge may send to it for these rules only (a confused-deputy guard; one policy per
 * queue, as a second QueuePolicy would replace the first).
 */
export function allowEventBridgeRules(name: string, queue: sst.aws.Queue, ruleArns: $util.Input<string>[]) {
  return new aws.sqs.QueuePolicy(name, {
    queueUrl: queue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
        },
      ],
    }),
  });
}
