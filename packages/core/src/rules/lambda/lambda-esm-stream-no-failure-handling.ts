import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, notApplicable, type Outcome, setting, undetermined } from "../../engine/rule.ts";
import { parseArn } from "../../model/arn.ts";
import { eventSourceType } from "../../model/invocation.ts";
import { isUnknown, unknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-esm-stream-no-failure-handling",
  title: "Stream event source retries a failing batch without an exit",
  severity: "medium",
  practice: 5,
  kinds: ["lambda.event-source-mapping"],
  rationale:
    "A Kinesis or DynamoDB stream mapping processes a shard in order: one record the code cannot handle blocks " +
    "its shard, and by default Lambda retries it until it expires (up to a year on Kinesis), billing every retry " +
    "while the data behind it ages. Bisecting on error isolates the bad record; an on-failure destination keeps it " +
    "for replay instead of losing it.",
  remediation: {
    summary: "Give the mapping an on-failure destination, bisect batches on error and cap the retry attempts.",
    cli:
      "aws lambda update-event-source-mapping --uuid <uuid> --bisect-batch-on-function-error " +
      '--maximum-retry-attempts 5 --destination-config \'{"OnFailure":{"Destination":"<queue-arn>"}}\'',
    iac:
      "AWS::Lambda::EventSourceMapping: BisectBatchOnFunctionError: true, MaximumRetryAttempts: 5, " +
      "DestinationConfig: OnFailure: Destination: <queue-arn>",
  },
  mappings: { sas: ["SAS-8", "SAS-10"] },
  check(mapping) {
    if (mapping.eventSourceArn === undefined) return notApplicable("self-managed event source");
    if (isUnknown(mapping.eventSourceArn)) return undetermined("the event source", mapping.eventSourceArn);
    const sourceType = eventSourceType(mapping.eventSourceArn);
    if (parseArn(mapping.eventSourceArn) === undefined) {
      return undetermined("the event source's type", unknown(`${mapping.eventSourceArn} is not an ARN`));
    }
    if (sourceType !== "kinesis" && sourceType !== "dynamodb-stream") {
      return notApplicable("not a Kinesis or DynamoDB stream");
    }
    const parts: Outcome[] = [];
    if (mapping.onFailure === undefined) {
      parts.push(fail("no on-failure destination: records that exhaust retries are lost", setting("onFailure", null)));
    } else if (isUnknown(mapping.onFailure)) {
      parts.push(undetermined("the on-failure destination", mapping.onFailure));
    }
    const retries = mapping.maximumRetryAttempts ?? -1;
    const bisect = mapping.bisectBatchOnFunctionError ?? false;
    if (isUnknown(retries)) parts.push(undetermined("the retry limit", retries));
    else if (isUnknown(bisect)) parts.push(undetermined("bisect-on-error", bisect));
    else if (retries === -1 && !bisect) {
      parts.push(
        fail(
          "retries are unbounded and batches are not bisected on error: one bad record blocks its shard until it expires",
          setting("maximumRetryAttempts", mapping.maximumRetryAttempts ?? null),
          setting("bisectBatchOnFunctionError", mapping.bisectBatchOnFunctionError ?? null),
        ),
      );
    }
    return combineOutcomes(parts, "failing records are bisected or bounded and kept on failure");
  },
});
