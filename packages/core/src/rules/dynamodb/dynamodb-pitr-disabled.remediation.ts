import { isUnknown } from "../../model/value.ts";
import { defineRemediation, settingPlan } from "../../remediation/plan.ts";
import { SCOPES } from "../../remediation/scope.ts";

export default defineRemediation({
  ruleId: "dynamodb-pitr-disabled",
  description:
    "Turns point-in-time recovery on: no effect on the table's callers, a small storage cost. Undone by turning it off (UpdateContinuousBackups).",
  kind: "dynamodb.table",
  actions: ["dynamodb:UpdateContinuousBackups"],
  scope: SCOPES.table,
  maxMode: "auto",
  plan(table) {
    if (table.pointInTimeRecovery !== false || isUnknown(table.name)) return undefined;
    const name = table.name;
    return settingPlan({
      ruleId: "dynamodb-pitr-disabled",
      resourceId: table.id,
      summary: `enable point-in-time recovery on table ${name}`,
      path: "pointInTimeRecovery",
      before: false,
      after: true,
      call: (PointInTimeRecoveryEnabled) => ({
        service: "dynamodb",
        operation: "UpdateContinuousBackups",
        input: { TableName: name, PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled } },
        iamAction: "dynamodb:UpdateContinuousBackups",
      }),
    });
  },
});
