import { describeBlocks, runtimeStatus } from "../../data/lambda-runtimes.ts";
import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-runtime-deprecated",
  title: "Function runs on a deprecated Lambda runtime",
  severity: "high",
  practice: 4,
  kinds: ["lambda.function"],
  rationale:
    "Once a runtime passes its deprecation date AWS stops patching its language and OS, so known vulnerabilities " +
    "stay open, and support no longer helps. Later AWS blocks creating and then updating such functions, so an " +
    "urgent fix cannot be deployed without a runtime migration first.",
  remediation: {
    summary: "Migrate the function to a supported runtime of the same language and redeploy it.",
    cli: "aws lambda update-function-configuration --function-name <name> --runtime nodejs24.x",
    iac: "AWS::Lambda::Function: Runtime: nodejs24.x",
    steps: [
      "Check the runtime table in the AWS Lambda Developer Guide for the current version of the language.",
      "Run the function's tests on the new version, then deploy.",
    ],
  },
  mappings: { owasp: ["A9"], sas: ["SAS-6"], fsbp: ["Lambda.2"] },
  check(fn, { now }) {
    if (fn.runtime === undefined) return notApplicable("container image: the image, not Lambda, provides the runtime");
    if (isUnknown(fn.runtime)) return undetermined("the runtime", fn.runtime);
    const status = runtimeStatus(fn.runtime, now);
    if (status.state === "unlisted") return pass(`runtime ${fn.runtime} has no known deprecation date`);
    if (status.state === "supported") {
      return pass(`runtime ${fn.runtime} is supported until ${status.lifecycle.deprecated}`);
    }
    return fail(
      `runtime ${fn.runtime} is deprecated since ${status.lifecycle.deprecated} (${status.daysAgo} days): no more ` +
        `security patches; ${describeBlocks(status.lifecycle, now)}`,
      setting("runtime", fn.runtime),
    );
  },
});
