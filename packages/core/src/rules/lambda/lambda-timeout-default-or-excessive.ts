import { z } from "zod";
import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { LAMBDA_DEFAULTS } from "../../model/resources.ts";
import { isUnknown } from "../../model/value.ts";

/** API Gateway's default integration timeout: past it the client gets a 504 while the function keeps running. */
const API_GATEWAY_TIMEOUT_SECONDS = 29;

export default defineRule({
  id: "lambda-timeout-default-or-excessive",
  title: "Function timeout is left at the default or set too long",
  severity: "medium",
  practice: 5,
  kinds: ["lambda.function"],
  context: ["triggers"],
  rationale:
    "The 3 s default is rarely a decision: it cuts off slow downstream calls mid-write, and retries then repeat " +
    "the work. A very long timeout lets a hung call bill for minutes and hold concurrency. Behind API Gateway, " +
    "whose integration timeout is 29 s by default, anything longer runs on after the caller has received a 504.",
  remediation: {
    summary: "Set the timeout to a little above the function's measured p99 duration and below its caller's timeout.",
    cli: "aws lambda update-function-configuration --function-name <name> --timeout <seconds>",
    iac: "AWS::Lambda::Function: Timeout: <seconds>",
  },
  mappings: { sas: ["SAS-8"] },
  options: z.object({ maxSeconds: z.number().int().positive().default(300) }),
  check(fn, { model, options }) {
    const timeout = fn.timeoutSeconds;
    if (isUnknown(timeout)) return undetermined("the timeout", timeout);
    const evidence = setting("timeoutSeconds", timeout);
    if (timeout === LAMBDA_DEFAULTS.timeoutSeconds) {
      return fail(`timeout is the ${timeout} s default: choose one from the function's real duration`, evidence);
    }
    if (timeout > options.maxSeconds) {
      return fail(`timeout ${timeout} s is above the ${options.maxSeconds} s maximum`, evidence);
    }
    const behindApi = model.triggersOf(fn).some((t) => t.type === "rest-api" || t.type === "http-api");
    if (behindApi && timeout > API_GATEWAY_TIMEOUT_SECONDS) {
      return fail(
        `timeout ${timeout} s is longer than API Gateway's default ${API_GATEWAY_TIMEOUT_SECONDS} s integration ` +
          "timeout: callers get a 504 while the function keeps running",
        evidence,
      );
    }
    return pass(`timeout is ${timeout} s`);
  },
});
