import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { asyncTriggersOf, describeTrigger, keepsFailedEvents } from "../../model/invocation.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-async-no-failure-destination",
  title: "Asynchronously triggered function drops failed events",
  severity: "medium",
  practice: 5,
  kinds: ["lambda.function"],
  context: ["triggers"],
  rationale:
    "S3, SNS and EventBridge invoke functions asynchronously: Lambda retries a failing event twice and then " +
    "discards it. Without a dead-letter queue or an on-failure destination a bug or an outage silently loses those " +
    "events, and nobody can replay them once the code is fixed.",
  remediation: {
    summary: "Send failed asynchronous invocations to an SQS queue (on-failure destination or dead-letter queue).",
    cli:
      "aws lambda put-function-event-invoke-config --function-name <name> " +
      '--destination-config \'{"OnFailure":{"Destination":"<queue-arn>"}}\'',
    iac: "AWS::Lambda::EventInvokeConfig: DestinationConfig: OnFailure: Destination: <queue-arn>",
  },
  mappings: { owasp: ["A10"], sas: ["SAS-10"] },
  check(fn, { model }) {
    const triggers = asyncTriggersOf(model, fn);
    if (triggers.length === 0) return notApplicable("no asynchronous trigger (S3, SNS, EventBridge) in the model");
    const kept = keepsFailedEvents(fn);
    if (isUnknown(kept)) return undetermined("the dead-letter queue or on-failure destination", kept);
    if (kept) return pass("failed asynchronous events go to a dead-letter queue or on-failure destination");
    return fail(
      `invoked asynchronously by ${triggers.map(describeTrigger).join(", ")} but has neither a dead-letter queue ` +
        "nor an on-failure destination: events that still fail after retries are dropped",
      setting("deadLetterTarget", null),
      setting("asyncInvoke.onFailure", null),
    );
  },
});
