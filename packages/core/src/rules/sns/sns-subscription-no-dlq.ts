import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, notApplicable, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import type { SnsSubscription } from "../../model/resources.ts";
import { isUnknown } from "../../model/value.ts";

/** Protocols whose deliveries can fail on the receiver's side (throttling, permissions, outages) and be dropped. */
const PROTOCOLS_NEEDING_DLQ = new Set(["lambda", "sqs", "http", "https"]);

function judge(subscription: SnsSubscription): Outcome {
  const { protocol, endpoint, deadLetterTarget } = subscription;
  if (isUnknown(protocol)) return undetermined("a subscription's protocol", protocol);
  if (!PROTOCOLS_NEEDING_DLQ.has(protocol)) return pass();
  const target = `${protocol} ${isUnknown(endpoint) ? "(unresolved endpoint)" : endpoint}`;
  if (deadLetterTarget === undefined) {
    return fail(
      `subscription ${target} has no redrive policy`,
      setting(`subscriptions[${target}].deadLetterTarget`, null),
    );
  }
  if (isUnknown(deadLetterTarget))
    return undetermined(`the dead-letter queue of subscription ${target}`, deadLetterTarget);
  return pass();
}

export default defineRule({
  id: "sns-subscription-no-dlq",
  title: "SNS subscription has no dead-letter queue",
  severity: "medium",
  practice: 5,
  kinds: ["sns.topic"],
  rationale:
    "When SNS cannot deliver to a Lambda, SQS or HTTP endpoint (throttling, a revoked permission, a KMS key it " +
    "cannot use, an endpoint down), it retries by its delivery policy and then drops the message. A redrive " +
    "policy keeps those messages in a dead-letter queue, where they can be seen, alarmed on and replayed.",
  remediation: {
    summary: "Give each Lambda, SQS and HTTP(S) subscription a redrive policy pointing at an SQS dead-letter queue.",
    cli:
      "aws sns set-subscription-attributes --subscription-arn <arn> --attribute-name RedrivePolicy " +
      '--attribute-value \'{"deadLetterTargetArn":"<dlq-arn>"}\'',
    iac: "AWS::SNS::Subscription: RedrivePolicy: { deadLetterTargetArn: !GetAtt SubscriptionDlq.Arn }",
  },
  mappings: { sas: ["SAS-10"] },
  check(topic) {
    const { subscriptions } = topic;
    if (isUnknown(subscriptions)) return undetermined("the topic's subscriptions", subscriptions);
    if (subscriptions.length === 0) return notApplicable("the topic has no subscriptions");
    return combineOutcomes(
      subscriptions.map(judge),
      "every Lambda, SQS and HTTP(S) subscription has a dead-letter queue",
    );
  },
});
