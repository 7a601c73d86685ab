import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-function-no-trigger",
  title: "Function has no trigger and no invoke permission",
  severity: "info",
  practice: 1,
  ruleset: "strict",
  kinds: ["lambda.function"],
  context: ["triggers"],
  rationale:
    "A function that nothing in the model triggers and whose resource policy grants nobody lambda:InvokeFunction " +
    "is either dead code (still holding a role, secrets and a runtime that ages) or invoked by something the map " +
    "cannot see: Step Functions, another function or a script calling it with IAM credentials. Vigil cannot tell " +
    "those apart, so this is information for the inventory, not a failure of a control.",
  remediation: {
    summary: "Delete the function if it is unused; otherwise record its caller (tag it, or exempt it with a reason).",
    cli: "aws lambda delete-function --function-name <name>",
  },
  mappings: {},
  check(fn, { model }) {
    const triggers = model.triggersOf(fn);
    if (triggers.length > 0) return pass(`${triggers.length} trigger(s) in the model`);
    if (isUnknown(fn.policy)) return undetermined("the resource policy", fn.policy);
    if (fn.policy.statements.length > 0) {
      return pass(
        `resource policy has ${fn.policy.statements.length} statement(s): a caller outside the model may invoke it`,
      );
    }
    return fail(
      "no trigger in the model and an empty resource policy: unused, or invoked only by IAM callers Vigil cannot map",
      setting("policy.statements", []),
    );
  },
});
