import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { anyOf } from "../../iam/logic.ts";
import type { ResourceModel } from "../../model/graph.ts";
import { isPubliclyInvocable, publicInvocationOf } from "../../model/public-invoke.ts";
import type { LambdaFunction } from "../../model/resources.ts";
import type { Value } from "../../model/value.ts";
import { isUnknown } from "../../model/value.ts";
import { writableByAnyone } from "../bucket-exposure.ts";
import { describeExposure } from "../public-policy.ts";

/** Whether a bucket whose notifications invoke the function lets anyone write objects into it. */
function publicWriteTriggers(model: ResourceModel, fn: LambdaFunction): Value<boolean> {
  const buckets = model.triggersOf(fn).flatMap((t) => (t.source.kind === "s3.bucket" ? [t.source] : []));
  return anyOf(false, ...buckets.map(writableByAnyone));
}

export default defineRule({
  id: "lambda-public-trigger-uncapped",
  title: "Publicly invocable function has no reserved concurrency cap",
  severity: "high",
  practice: 8,
  kinds: ["lambda.function"],
  context: ["triggers"],
  rationale:
    "A function that anyone can invoke — through an unauthenticated API method or route, a function URL with auth " +
    "type NONE, a resource policy open to `*`, or the notifications of a bucket anyone can write into — scales with whatever traffic the internet sends it. Without " +
    "reserved concurrency a flood bills every invocation (denial of wallet) and takes the account's whole " +
    "concurrency, throttling every other function. A reservation of 0 switches the function off and passes.",
  remediation: {
    summary: "Reserve concurrency sized to the function's expected peak, and throttle the trigger in front of it.",
    cli: "aws lambda put-function-concurrency --function-name <name> --reserved-concurrent-executions 20",
    iac: "AWS::Lambda::Function: ReservedConcurrentExecutions: 20",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-8"] },
  check(fn, { model }) {
    const invocation = publicInvocationOf(model, fn);
    const reserved = fn.reservedConcurrency;
    const openBuckets = publicWriteTriggers(model, fn);
    if (!isPubliclyInvocable(invocation) && openBuckets !== true) {
      const uncertain = invocation.uncertain ?? (isUnknown(openBuckets) ? openBuckets : undefined);
      if (!uncertain) return pass("not publicly invocable: lambda-concurrency-uncapped judges it");
      if (typeof reserved === "number") return pass(`reserved concurrency is ${reserved}, whether or not it is public`);
      return undetermined("whether the function is publicly invocable", uncertain);
    }
    const exposure = isPubliclyInvocable(invocation)
      ? describeExposure(invocation)
      : "the notifications of a bucket anyone can write into";
    if (reserved === undefined) {
      return fail(
        `publicly invocable through ${exposure} with no reserved concurrency: a flood scales it without limit`,
        setting("reservedConcurrency", null),
      );
    }
    if (isUnknown(reserved)) return undetermined("the reserved concurrency", reserved);
    if (reserved === 0) return pass("reserved concurrency is 0: the function is switched off on purpose");
    return pass(`publicly invocable through ${exposure}, capped at ${reserved} concurrent executions`);
  },
});
