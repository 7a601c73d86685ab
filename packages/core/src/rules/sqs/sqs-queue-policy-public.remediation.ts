import { sqsQueueUrl } from "../../model/arn.ts";
import { defineRemediation } from "../../remediation/plan.ts";
import { withoutPublicStatements } from "../../remediation/policy-edit.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "sqs-queue-policy-public",
  description:
    "Removes the statements of the queue policy that grant anyone access; the rest stays as written. Undone by restoring the previous policy (SetQueueAttributes).",
  kind: "sqs.queue",
  actions: ["sqs:SetQueueAttributes"],
  scope: SCOPES.queue,
  maxMode: "auto",
  plan(queue) {
    const edit = withoutPublicStatements(queue.policy);
    const QueueUrl = sqsQueueUrl(queue.arn);
    if (!edit || !QueueUrl) return undefined;
    const call = (Policy: string) => ({
      service: "sqs" as const,
      operation: "SetQueueAttributes",
      input: { QueueUrl, Attributes: { Policy } },
      iamAction: "sqs:SetQueueAttributes",
    });
    // An empty Policy attribute removes the policy.
    const remaining = edit.remaining.Statement.length === 0 ? "" : JSON.stringify(edit.remaining);
    return {
      ruleId: "sqs-queue-policy-public",
      resourceId: queue.id,
      summary: `remove ${edit.removed.length} public statement(s) from the policy of queue ${queue.arn.split(":").pop()}`,
      changes: edit.removed.map((statement) => ({
        path: `policy.Statement[${statement.index}]`,
        before: statement.raw,
        after: null,
      })),
      calls: [call(remaining)],
      undo: [call(JSON.stringify(edit.original))],
    };
  },
});
