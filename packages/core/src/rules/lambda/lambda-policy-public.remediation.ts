import { invokeGrantsOf } from "../../model/public-invoke.ts";
import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";
import { withoutPublicStatements } from "../../remediation/policy-edit.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "lambda-policy-public",
  description:
    "Removes only the statements that let anyone invoke the function (RemovePermission by statement id), never the whole policy. A public webhook may rely on one, so a person approves; a statement without an id cannot be removed alone, and then nothing is planned. Undone by adding each statement back (AddPermission).",
  kind: "lambda.function",
  actions: ["lambda:RemovePermission"],
  scope: SCOPES.function,
  maxMode: "approve",
  plan(fn) {
    const edit = withoutPublicStatements(fn.policy, invokeGrantsOf(fn));
    if (!edit || isUnknown(fn.name) || edit.removed.some((statement) => statement.sid === undefined)) return undefined;
    const name = fn.name;
    return {
      ruleId: "lambda-policy-public",
      resourceId: fn.id,
      summary: `remove ${edit.removed.map((s) => s.sid).join(", ")} from the resource policy of ${name}`,
      changes: edit.removed.map((statement) => ({
        path: `policy.Statement[${statement.sid}]`,
        before: statement.raw,
        after: null,
      })),
      calls: edit.removed.map((statement) => ({
        service: "lambda" as const,
        operation: "RemovePermission",
        input: { FunctionName: name, StatementId: statement.sid },
        iamAction: "lambda:RemovePermission",
      })),
      undo: edit.removed.map((statement) => {
        const raw = statement.raw as { Action?: string | string[]; Condition?: Record<string, Record<string, string>> };
        const action = Array.isArray(raw.Action) ? raw.Action[0] : raw.Action;
        const urlAuth = raw.Condition?.StringEquals?.["lambda:FunctionUrlAuthType"];
        return {
          service: "lambda" as const,
          operation: "AddPermission",
          input: {
            FunctionName: name,
            StatementId: statement.sid,
            Action: action ?? "lambda:InvokeFunction",
            Principal: "*",
            ...(urlAuth && { FunctionUrlAuthType: urlAuth }),
          },
          iamAction: "lambda:AddPermission",
        };
      }),
    };
  },
});
