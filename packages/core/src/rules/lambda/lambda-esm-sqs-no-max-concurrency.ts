import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { eventSourceType } from "../../model/invocation.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-esm-sqs-no-max-concurrency",
  title: "SQS event source has no maximum concurrency",
  severity: "low",
  practice: 8,
  ruleset: "strict",
  kinds: ["lambda.event-source-mapping"],
  rationale:
    "Lambda scales SQS pollers up to 1,250 concurrent invocations per queue. A burst of messages (or a flood someone " +
    "sends on purpose) then takes the account's concurrency from every other function and hammers the downstream " +
    "database. MaximumConcurrency caps one queue's share without the throttling side effects of reserved concurrency.",
  remediation: {
    summary: "Set ScalingConfig.MaximumConcurrency on the mapping (2 to 1,000) to what the downstream can take.",
    cli: "aws lambda update-event-source-mapping --uuid <uuid> --scaling-config MaximumConcurrency=10",
    iac: "AWS::Lambda::EventSourceMapping: ScalingConfig: MaximumConcurrency: 10",
  },
  mappings: { sas: ["SAS-8"] },
  check(mapping) {
    if (mapping.eventSourceArn === undefined) return notApplicable("self-managed event source");
    if (isUnknown(mapping.eventSourceArn)) return undetermined("the event source", mapping.eventSourceArn);
    if (eventSourceType(mapping.eventSourceArn) !== "sqs") return notApplicable("not an SQS queue");
    const { maximumConcurrency } = mapping;
    if (maximumConcurrency === undefined) {
      return fail(
        "no maximum concurrency: a burst of messages can use up to 1,250 concurrent invocations",
        setting("maximumConcurrency", null),
      );
    }
    if (isUnknown(maximumConcurrency)) return undetermined("the maximum concurrency", maximumConcurrency);
    return pass(`at most ${maximumConcurrency} concurrent invocations`);
  },
});
