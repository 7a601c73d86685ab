import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, notApplicable, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import type { EventTarget } from "../../model/resources.ts";
import { isUnknown } from "../../model/value.ts";

function judge(target: EventTarget, index: number): Outcome {
  const arn = isUnknown(target.arn) ? "(unresolved ARN)" : target.arn;
  const label = `target ${isUnknown(target.id) ? index : target.id} (${arn})`;
  if (target.deadLetterTarget === undefined) {
    return fail(`${label} has no dead-letter queue`, setting(`targets[${index}].deadLetterTarget`, null));
  }
  if (isUnknown(target.deadLetterTarget)) {
    return undetermined(`the dead-letter queue of ${label}`, target.deadLetterTarget);
  }
  return pass();
}

export default defineRule({
  id: "events-target-no-dlq",
  title: "EventBridge rule target has no dead-letter queue",
  severity: "medium",
  practice: 5,
  kinds: ["events.rule"],
  rationale:
    "When EventBridge cannot deliver an event to a target (the function is throttled, a permission is missing, " +
    "the target was deleted), it retries for up to 24 hours and then drops the event without a trace. A " +
    "dead-letter queue on the target keeps undeliverable events for inspection, alarms and replay.",
  remediation: {
    summary: "Set DeadLetterConfig (an SQS queue) and a RetryPolicy on each target of the rule.",
    cli:
      "aws events put-targets --rule <rule> --targets " +
      "'Id=<id>,Arn=<target-arn>,DeadLetterConfig={Arn=<dlq-arn>},RetryPolicy={MaximumRetryAttempts=3}'",
    iac: "AWS::Events::Rule: Targets: [{ Id: ..., Arn: ..., DeadLetterConfig: { Arn: !GetAtt RuleDlq.Arn } }]",
  },
  mappings: { sas: ["SAS-10"] },
  check(eventRule) {
    const { targets } = eventRule;
    if (isUnknown(targets)) return undetermined("the rule's targets", targets);
    if (targets.length === 0) return notApplicable("the rule has no targets");
    return combineOutcomes(targets.map(judge), "every target has a dead-letter queue");
  },
});
