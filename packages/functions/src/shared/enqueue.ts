import { SendMessageBatchCommand, type SQSClient } from "@aws-sdk/client-sqs";
import type { EvaluationMessage } from "./evaluation-message.ts";

/** SQS takes at most 10 entries per SendMessageBatch. */
const SQS_BATCH_LIMIT = 10;

export class EnqueueError extends Error {
  override name = "EnqueueError";

  constructor(
    message: string,
    /** How many messages SQS refused. */
    readonly failed: number,
  ) {
    super(message);
  }
}

/**
 * Sends evaluation messages in batches of ten. A refused entry throws once its batch is answered, so that the
 * caller's invocation is retried: resending is harmless, the evaluator reads live state.
 */
export async function enqueueEvaluations(
  sqs: SQSClient,
  queueUrl: string,
  messages: readonly EvaluationMessage[],
): Promise<void> {
  for (let start = 0; start < messages.length; start += SQS_BATCH_LIMIT) {
    const batch = messages.slice(start, start + SQS_BATCH_LIMIT);
    const answer = await sqs.send(
      new SendMessageBatchCommand({
        QueueUrl: queueUrl,
        Entries: batch.map((message, index) => ({ Id: String(index), MessageBody: JSON.stringify(message) })),
      }),
    );
    if (answer.Failed?.length) {
      const reasons = answer.Failed.map((f) => `${batch[Number(f.Id)]?.arn}: ${f.Code} ${f.Message ?? ""}`.trim());
      throw new EnqueueError(
        `could not enqueue ${answer.Failed.length} reference(s): ${reasons.join("; ")}`,
        answer.Failed.length,
      );
    }
  }
}

/** The queue URL from `EVALUATION_QUEUE_URL`, read when first needed. */
export function evaluationQueueUrl(): string {
  const url = process.env.EVALUATION_QUEUE_URL;
  if (!url) throw new Error("EVALUATION_QUEUE_URL is not set");
  return url;
}
