import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "dynamodb-deletion-protection-off",
  description:
    "Turns deletion protection on: only DeleteTable, which should never happen by accident, is refused. Undone by turning it off again (UpdateTable).",
  kind: "dynamodb.table",
  actions: ["dynamodb:UpdateTable"],
  scope: SCOPES.table,
  maxMode: "auto",
  plan(table) {
    if (table.deletionProtection !== false || isUnknown(table.name)) return undefined;
    const name = table.name;
    return settingPlan({
      ruleId: "dynamodb-deletion-protection-off",
      resourceId: table.id,
      summary: `turn deletion protection on for table ${name}`,
      path: "deletionProtection",
      before: false,
      after: true,
      call: (DeletionProtectionEnabled) => ({
        service: "dynamodb",
        operation: "UpdateTable",
        input: { TableName: name, DeletionProtectionEnabled },
        iamAction: "dynamodb:UpdateTable",
      }),
    });
  },
});
