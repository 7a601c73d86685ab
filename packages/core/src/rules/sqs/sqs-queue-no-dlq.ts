import { defineRule, type Evidence, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { consumersOf } from "../../model/event-sources.ts";
import { isUnknown, knownOr } from "../../model/value.ts";

export default defineRule({
  id: "sqs-queue-no-dlq",
  title: "SQS queue consumed by a function has no dead-letter queue",
  severity: "medium",
  practice: 5,
  kinds: ["sqs.queue"],
  context: ["consumers"],
  rationale:
    "A message its consumer cannot process (a poison message) returns to the queue after each failure and is " +
    "picked up again until its retention period ends, days later: every attempt costs an invocation, holds " +
    "concurrency and delays the messages behind it. A redrive policy moves it to a dead-letter queue after a " +
    "few receives. Lambda's on-failure destinations do not apply to SQS sources; the queue's redrive policy is " +
    "the only way out.",
  remediation: {
    summary: "Set a redrive policy on the queue: a dead-letter queue and a maxReceiveCount of a few attempts.",
    cli:
      "aws sqs set-queue-attributes --queue-url <url> --attributes " +
      '\'{"RedrivePolicy":"{\\"deadLetterTargetArn\\":\\"<dlq-arn>\\",\\"maxReceiveCount\\":\\"5\\"}"}\'',
    iac: "AWS::SQS::Queue: RedrivePolicy: { deadLetterTargetArn: !GetAtt JobsDlq.Arn, maxReceiveCount: 5 }",
  },
  mappings: { sas: ["SAS-8", "SAS-10"] },
  check(queue, { model }) {
    const consumers = consumersOf(model, queue);
    if (consumers.length === 0) return notApplicable("no function consumes this queue through an event-source mapping");
    const { redrive } = queue;
    // An unknown target alone (an imported DLQ) is still a policy; both unknown, the policy itself was not read.
    if (redrive && isUnknown(redrive.deadLetterTargetArn) && isUnknown(redrive.maxReceiveCount)) {
      return undetermined("the queue's redrive policy", redrive.deadLetterTargetArn);
    }
    if (redrive) return pass("the queue has a redrive policy");
    const edges = consumers.map(
      ({ mapping }): Evidence => ({
        type: "edge",
        from: queue.arn,
        to: knownOr(mapping.functionArn, "(unresolved function)"),
        relation: `consumed via event-source mapping ${mapping.id}`,
      }),
    );
    return fail(
      "the queue has no redrive policy: messages its consumers fail on are retried until they expire",
      setting("redrive", null),
      ...edges,
    );
  },
});
