import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { asyncTriggersOf, keepsFailedEvents } from "../../model/invocation.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-async-retries-no-destination",
  title: "Async retries configured without a place for failed events",
  severity: "low",
  practice: 5,
  kinds: ["lambda.function"],
  context: ["triggers"],
  rationale:
    "An explicit asynchronous-invocation configuration with retries says the function is meant to be invoked " +
    "asynchronously (by code, Step Functions or another account) even though no trigger is in the model. Events " +
    "that still fail after those retries are dropped unless a dead-letter queue or on-failure destination keeps " +
    "them. Functions with S3, SNS or EventBridge triggers are covered by lambda-async-no-failure-destination.",
  remediation: {
    summary: "Add an on-failure destination (or a dead-letter queue) next to the retry settings.",
    cli:
      "aws lambda update-function-event-invoke-config --function-name <name> " +
      '--destination-config \'{"OnFailure":{"Destination":"<queue-arn>"}}\'',
    iac: "AWS::Lambda::EventInvokeConfig: DestinationConfig: OnFailure: Destination: <queue-arn>",
  },
  mappings: { sas: ["SAS-10"] },
  check(fn, { model }) {
    if (asyncTriggersOf(model, fn).length > 0) {
      return notApplicable("has asynchronous triggers: lambda-async-no-failure-destination covers it");
    }
    if (!fn.asyncInvoke) return pass("no asynchronous invocation configuration");
    const retries = fn.asyncInvoke.maximumRetryAttempts;
    if (isUnknown(retries)) return undetermined("the asynchronous retry count", retries);
    if (retries === 0) return pass("asynchronous retries are off");
    const kept = keepsFailedEvents(fn);
    if (isUnknown(kept)) return undetermined("the dead-letter queue or on-failure destination", kept);
    if (kept) return pass("failed asynchronous events go to a dead-letter queue or on-failure destination");
    return fail(
      `asynchronous invocations are retried ${retries} time(s), then dropped: no dead-letter queue or on-failure destination`,
      setting("asyncInvoke.maximumRetryAttempts", retries),
      setting("asyncInvoke.onFailure", null),
    );
  },
});
