import { z } from "zod";
import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

/** API Gateway's default integration timeout: past it the client gets a 504 while the function keeps running. */
const API_GATEWAY_TIMEOUT_SECONDS = 29;

export default defineRule({
  id: "lambda-timeout-default-or-excessive",
  title: "Function timeout is longer than its callers wait, or than the maximum",
  severity: "medium",
  practice: 5,
  kinds: ["lambda.function"],
  context: ["triggers"],
  // The id keeps its first name for the configurations that name it. A 3 s timeout is not raised: the model cannot
  // tell the default from an explicit `Timeout: 3`, and a short timeout bounds cost rather than inviting abuse.
  rationale:
    "A very long timeout lets a hung call (a slow dependency, a retry storm, a crafted input) bill for minutes and " +
    "hold concurrency that other requests need. Behind API Gateway, whose integration timeout is 29 s by default, " +
    "anything longer runs on after the caller has received a 504, and the client's retry starts a second copy. " +
    "The maxSeconds option caps every function's timeout (default: Lambda's own 900 s, so off).",
  remediation: {
    summary: "Set the timeout to a little above the function's measured p99 duration and below its caller's timeout.",
    cli: "aws lambda update-function-configuration --function-name <name> --timeout <seconds>",
    iac: "AWS::Lambda::Function: Timeout: <seconds>",
  },
  mappings: { sas: ["SAS-8"] },
  options: z.object({ maxSeconds: z.number().int().positive().max(900).default(900) }),
  check(fn, { model, options }) {
    const timeout = fn.timeoutSeconds;
    if (isUnknown(timeout)) return undetermined("the timeout", timeout);
    const evidence = setting("timeoutSeconds", timeout);
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
