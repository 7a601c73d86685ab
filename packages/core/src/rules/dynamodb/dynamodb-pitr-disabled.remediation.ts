import { isUnknown } from "../../model/value.ts";
import { defineRemediation } from "../../remediation/plan.ts";

/** Turns point-in-time recovery on: no effect on the table's callers, a small storage cost. */
export default defineRemediation({
  ruleId: "dynamodb-pitr-disabled",
  kind: "dynamodb.table",
  actions: ["dynamodb:UpdateContinuousBackups"],
  maxMode: "auto",
  plan(table) {
    if (table.pointInTimeRecovery !== false || isUnknown(table.name)) return undefined;
    const call = (PointInTimeRecoveryEnabled: boolean) => ({
      service: "dynamodb" as const,
      operation: "UpdateContinuousBackups",
      input: { TableName: table.name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled } },
      iamAction: "dynamodb:UpdateContinuousBackups",
    });
    return {
      ruleId: "dynamodb-pitr-disabled",
      resourceId: table.id,
      summary: `enable point-in-time recovery on table ${table.name}`,
      changes: [{ path: "pointInTimeRecovery", before: false, after: true }],
      calls: [call(true)],
      undo: [call(false)],
    };
  },
});
