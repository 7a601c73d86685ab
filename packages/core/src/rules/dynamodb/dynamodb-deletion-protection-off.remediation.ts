import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";

/** Protects the table from deletion: only a DeleteTable call, which should not happen by accident, is refused. */
export default defineRemediation({
  ruleId: "dynamodb-deletion-protection-off",
  kind: "dynamodb.table",
  actions: ["dynamodb:UpdateTable"],
  maxMode: "auto",
  plan(table) {
    if (table.deletionProtection !== false || isUnknown(table.name)) return undefined;
    const call = (DeletionProtectionEnabled: boolean) => ({
      service: "dynamodb" as const,
      operation: "UpdateTable",
      input: { TableName: table.name, DeletionProtectionEnabled },
      iamAction: "dynamodb:UpdateTable",
    });
    return {
      ruleId: "dynamodb-deletion-protection-off",
      resourceId: table.id,
      summary: `turn deletion protection on for table ${table.name}`,
      changes: [{ path: "deletionProtection", before: false, after: true }],
      calls: [call(true)],
      undo: [call(false)],
    };
  },
});
