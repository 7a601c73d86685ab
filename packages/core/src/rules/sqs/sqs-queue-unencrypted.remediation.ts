import { sqsQueueUrl } from "../../model/arn.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "sqs-queue-unencrypted",
  description:
    "Turns SQS-managed encryption (SSE-SQS) on: free, and transparent to producers and consumers. Undone by turning it off (SetQueueAttributes).",
  kind: "sqs.queue",
  actions: ["sqs:SetQueueAttributes"],
  scope: SCOPES.queue,
  maxMode: "auto",
  plan(queue) {
    const QueueUrl = sqsQueueUrl(queue.arn);
    if (queue.encryption !== "none" || !QueueUrl) return undefined;
    return settingPlan({
      ruleId: "sqs-queue-unencrypted",
      resourceId: queue.id,
      summary: `enable SSE-SQS encryption on queue ${queue.arn.split(":").pop()}`,
      path: "encryption",
      before: "none",
      after: "sqs-managed",
      call: (encryption) => ({
        service: "sqs",
        operation: "SetQueueAttributes",
        input: { QueueUrl, Attributes: { SqsManagedSseEnabled: encryption === "sqs-managed" ? "true" : "false" } },
        iamAction: "sqs:SetQueueAttributes",
      }),
    });
  },
});
