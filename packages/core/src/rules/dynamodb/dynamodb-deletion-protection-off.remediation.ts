import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";

/** Protects the table from deletion: only a DeleteTable call, which should not happen by accident, is refused. */
export default defineRemediation({
  ruleId: "dynamodb-deletion-protection-off",
  kind: "dynamodb.table",
  actions: ["dynamodb:UpdateTable"],
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
