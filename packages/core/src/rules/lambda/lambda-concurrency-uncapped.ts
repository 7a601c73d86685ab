import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isPubliclyInvocable, publicInvocationOf } from "../../model/public-invoke.ts";
import { isUnknown } from "../../model/value.ts";
import { describeExposure } from "../public-policy.ts";

export default defineRule({
  id: "lambda-concurrency-uncapped",
  title: "Function has no reserved concurrency cap",
  severity: "low",
  practice: 8,
  ruleset: "strict",
  kinds: ["lambda.function"],
  context: ["triggers"],
  rationale:
    "Without reserved concurrency a function scales until the account's regional limit (1,000 by default), so a " +
    "burst or a retry storm in one function throttles every other function of the account and multiplies cost. " +
    "Reserved concurrency both caps it and guarantees it capacity. Publicly invocable functions (public trigger or resource policy) are judged by " +
    "the stricter lambda-public-trigger-uncapped; a reservation of 0 is a deliberate off switch and passes.",
  remediation: {
    summary: "Reserve concurrency sized to the function's expected peak and what its downstream can take.",
    cli: "aws lambda put-function-concurrency --function-name <name> --reserved-concurrent-executions 10",
    iac: "AWS::Lambda::Function: ReservedConcurrentExecutions: 10",
  },
  mappings: { sas: ["SAS-8"] },
  check(fn, { model }) {
    const invocation = publicInvocationOf(model, fn);
    if (isPubliclyInvocable(invocation)) {
      return pass(
        `publicly invocable through ${describeExposure(invocation)}: lambda-public-trigger-uncapped judges it`,
      );
    }
    const reserved = fn.reservedConcurrency;
    if (reserved === undefined) {
      return fail(
        "no reserved concurrency: the function can take the whole account's concurrency",
        setting("reservedConcurrency", null),
      );
    }
    if (isUnknown(reserved)) return undetermined("the reserved concurrency", reserved);
    if (reserved === 0) return pass("reserved concurrency is 0: the function is switched off on purpose");
    return pass(`reserved concurrency is ${reserved}`);
  },
});
