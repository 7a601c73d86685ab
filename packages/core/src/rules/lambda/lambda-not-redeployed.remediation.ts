import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

/** Lambda's limit on a function's description. */
const DESCRIPTION_MAX = 256;
const MARKER = " [recycled by Vigil]";

export default defineRemediation({
  ruleId: "lambda-not-redeployed",
  description:
    "Recycles the execution environments of a function untouched for months: a configuration update (its " +
    "description gains or loses a short marker) makes Lambda start fresh environments for new invocations and " +
    "refreshes LastModified. It carries no environment variables, so no secret enters the plan. It does not rebuild " +
    "the code: the finding's real fix is a redeploy. Opt-in. Undone by restoring the previous description.",
  kind: "lambda.function",
  actions: ["lambda:UpdateFunctionConfiguration"],
  scope: SCOPES.function,
  maxMode: "auto",
  optIn: true,
  plan(fn) {
    if (isUnknown(fn.name) || fn.description === undefined || isUnknown(fn.description)) return undefined;
    const before = fn.description;
    // Always a real change, so the update always starts new environments: the marker goes in, or comes out.
    const after = before.endsWith(MARKER)
      ? before.slice(0, -MARKER.length)
      : `${before.slice(0, DESCRIPTION_MAX - MARKER.length)}${MARKER}`;
    const name = fn.name;
    return settingPlan({
      ruleId: "lambda-not-redeployed",
      resourceId: fn.id,
      summary: `recycle the execution environments of ${name} (a configuration update)`,
      path: "description",
      before,
      after,
      call: (Description) => ({
        service: "lambda",
        operation: "UpdateFunctionConfiguration",
        input: { FunctionName: name, Description },
        iamAction: "lambda:UpdateFunctionConfiguration",
      }),
    });
  },
});
