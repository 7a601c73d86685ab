import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-recursive-loop-allowed",
  title: "Function lets recursive invocation loops run",
  severity: "high",
  practice: 5,
  kinds: ["lambda.function"],
  rationale:
    "Lambda detects a function that triggers itself through SQS, SNS or S3 and stops the loop after about 16 " +
    "rounds. With RecursiveLoop set to Allow a bug that writes back to its own trigger runs until someone notices " +
    "the bill: a self-inflicted denial of wallet.",
  remediation: {
    summary: "Set the function's recursive loop detection back to Terminate (the default).",
    cli: "aws lambda put-function-recursion-config --function-name <name> --recursive-loop Terminate",
    iac: "AWS::Lambda::Function: RecursiveLoop: Terminate",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-8", "SAS-9"] },
  check(fn) {
    if (isUnknown(fn.recursiveLoop)) return undetermined("the recursive loop setting", fn.recursiveLoop);
    if (fn.recursiveLoop === "Allow") {
      return fail(
        "RecursiveLoop is Allow: Lambda will not stop a recursive invocation loop",
        setting("recursiveLoop", fn.recursiveLoop),
      );
    }
    return pass("recursive loops are terminated");
  },
});
