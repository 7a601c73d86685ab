import { defineRemediation } from "../../remediation/plan.ts";
import { queueUrlOf } from "../../remediation/policy-edit.ts";

/** Turns SQS-managed encryption on: free, and transparent to producers and consumers. */
export default defineRemediation({
  ruleId: "sqs-queue-unencrypted",
  kind: "sqs.queue",
  actions: ["sqs:SetQueueAttributes"],
  maxMode: "auto",
  plan(queue) {
    if (queue.encryption !== "none") return undefined;
    const QueueUrl = queueUrlOf(queue.arn);
    if (!QueueUrl) return undefined;
    const call = (SqsManagedSseEnabled: "true" | "false") => ({
      service: "sqs" as const,
      operation: "SetQueueAttributes",
      input: { QueueUrl, Attributes: { SqsManagedSseEnabled } },
      iamAction: "sqs:SetQueueAttributes",
    });
    return {
      ruleId: "sqs-queue-unencrypted",
      resourceId: queue.id,
      summary: `enable SSE-SQS encryption on queue ${queue.arn.split(":").pop()}`,
      changes: [{ path: "encryption", before: "none", after: "sqs-managed" }],
      calls: [call("true")],
      undo: [call("false")],
    };
  },
});
