import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-tracing-disabled",
  title: "Function does not record X-Ray traces",
  severity: "low",
  practice: 7,
  ruleset: "strict",
  kinds: ["lambda.function"],
  rationale:
    "Active tracing records each invocation with the downstream calls it makes (tables, queues, other APIs), which " +
    "is how the actual flow of information is observed and how an unexpected new call shows up. In PassThrough " +
    "mode the function only traces requests that arrive already sampled.",
  remediation: {
    summary: "Turn on active tracing and allow the role to write to X-Ray (AWSXRayDaemonWriteAccess).",
    cli: "aws lambda update-function-configuration --function-name <name> --tracing-config Mode=Active",
    iac: "AWS::Lambda::Function: TracingConfig: Mode: Active",
  },
  mappings: { owasp: ["A10"], sas: ["SAS-5"], fsbp: ["Lambda.7"] },
  check(fn) {
    if (isUnknown(fn.tracing)) return undetermined("the tracing mode", fn.tracing);
    if (fn.tracing === "PassThrough") {
      return fail("tracing mode is PassThrough: invocations are not traced", setting("tracing", fn.tracing));
    }
    return pass("active tracing is on");
  },
});
