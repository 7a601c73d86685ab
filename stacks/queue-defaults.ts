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
