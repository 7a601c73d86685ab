import { defineRemediation } from "../../remediation/plan.ts";
import { withoutPublicStatements } from "../../remediation/policy-edit.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "sns-topic-policy-public",
  description:
    "Removes the statements of the topic policy that grant anyone access; the others stay. A topic always has a policy: when nothing remains, the owner's default statement takes their place. Undone by restoring the previous policy (SetTopicAttributes).",
  kind: "sns.topic",
  actions: ["sns:SetTopicAttributes"],
  scope: SCOPES.topic,
  maxMode: "auto",
  plan(topic) {
    const edit = withoutPublicStatements(topic.policy);
    const account = topic.arn.split(":")[4];
    if (!edit || !account || topic.arn.includes("${")) return undefined;
    const ownerOnly = {
      Sid: "__default_statement_ID",
      Effect: "Allow",
      Principal: { AWS: "*" },
      Action: [
        "SNS:GetTopicAttributes",
        "SNS:SetTopicAttributes",
        "SNS:AddPermission",
        "SNS:RemovePermission",
        "SNS:DeleteTopic",
        "SNS:Subscribe",
        "SNS:ListSubscriptionsByTopic",
        "SNS:Publish",
      ],
      Resource: topic.arn,
      Condition: { StringEquals: { "AWS:SourceOwner": account } },
    };
    const remaining =
      edit.remaining.Statement.length > 0 ? edit.remaining : { ...edit.remaining, Statement: [ownerOnly] };
    const call = (policy: object) => ({
      service: "sns" as const,
      operation: "SetTopicAttributes",
      input: { TopicArn: topic.arn, AttributeName: "Policy", AttributeValue: JSON.stringify(policy) },
      iamAction: "sns:SetTopicAttributes",
    });
    return {
      ruleId: "sns-topic-policy-public",
      resourceId: topic.id,
      summary: `remove ${edit.removed.length} public statement(s) from the policy of topic ${topic.arn.split(":").pop()}`,
      changes: edit.removed.map((statement) => ({
        path: `policy.Statement[${statement.index}]`,
        before: statement.raw,
        after: null,
      })),
      calls: [call(remaining)],
      undo: [call(edit.original)],
    };
  },
});
