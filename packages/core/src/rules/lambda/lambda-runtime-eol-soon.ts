import { z } from "zod";
import { runtimeStatus } from "../../data/lambda-runtimes.ts";
import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-runtime-eol-soon",
  title: "Function runtime reaches its deprecation date soon",
  severity: "medium",
  practice: 4,
  kinds: ["lambda.function"],
  rationale:
    "A runtime migration means testing the code on a new language version; planned ahead it is routine, done after " +
    "the deprecation date it competes with the fixes it blocks. This rule warns within `warningDays` of the date; " +
    "lambda-runtime-deprecated takes over once it has passed.",
  remediation: {
    summary: "Plan the migration to the next supported runtime of the language before the deprecation date.",
    cli: "aws lambda update-function-configuration --function-name <name> --runtime <newer runtime>",
    iac: "AWS::Lambda::Function: Runtime: <newer runtime>",
  },
  mappings: { owasp: ["A9"], sas: ["SAS-6"] },
  options: z.object({ warningDays: z.number().int().positive().default(90) }),
  check(fn, { now, options }) {
    if (fn.runtime === undefined) return notApplicable("container image: the image, not Lambda, provides the runtime");
    if (isUnknown(fn.runtime)) return undetermined("the runtime", fn.runtime);
    const status = runtimeStatus(fn.runtime, now);
    if (status.state === "unlisted") return pass(`runtime ${fn.runtime} has no known deprecation date`);
    if (status.state === "deprecated") {
      return notApplicable(`runtime ${fn.runtime} is already deprecated: lambda-runtime-deprecated reports it`);
    }
    if (status.daysLeft > options.warningDays) {
      return pass(`runtime ${fn.runtime} is supported until ${status.lifecycle.deprecated}`);
    }
    return fail(
      `runtime ${fn.runtime} is deprecated on ${status.lifecycle.deprecated}, in ${status.daysLeft} days`,
      setting("runtime", fn.runtime),
    );
  },
});
