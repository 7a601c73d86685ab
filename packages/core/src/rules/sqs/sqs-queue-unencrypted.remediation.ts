import { defineRemediation } from "../../remediation/plan.ts";

/** Turns SQS-managed encryption on: free, and transparent to producers and consumers. */
export default defineRemediation({
  ruleId: "sqs-queue-unencrypted",
  kind: "sqs.queue",
  actions: ["sqs:SetQueueAttributes"],
  maxMode: "auto",
  plan(queue) {
    if (queue.encryption !== "none") return undefined;
    const [, , , region, account, name] = queue.arn.split(":");
    if (!region || !account || !name || queue.arn.includes("${")) return undefined;
    const QueueUrl = `https://sqs.${region}.amazonaws.com/${account}/${name}`;
    const call = (SqsManagedSseEnabled: "true" | "false") => ({
      service: "sqs" as const,
      operation: "SetQueueAttributes",
      input: { QueueUrl, Attributes: { SqsManagedSseEnabled } },
      iamAction: "sqs:SetQueueAttributes",
    });
    return {
      ruleId: "sqs-queue-unencrypted",
      resourceId: queue.id,
      summary: `enable SSE-SQS encryption on queue ${name}`,
      changes: [{ path: "encryption", before: "none", after: "sqs-managed" }],
      calls: [call("true")],
      undo: [call("false")],
    };
  },
});
