import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "dynamodb-pitr-disabled",
  title: "DynamoDB table has point-in-time recovery disabled",
  severity: "medium",
  practice: 6,
  kinds: ["dynamodb.table"],
  rationale:
    "Point-in-time recovery restores a table to any second of the last 35 days. Without it, a bug that overwrites " +
    "items, a compromised function with write access or a bad migration destroys data that no backup holds.",
  remediation: {
    summary: "Enable point-in-time recovery on the table.",
    cli:
      "aws dynamodb update-continuous-backups --table-name <table> " +
      "--point-in-time-recovery-specification PointInTimeRecoveryEnabled=true",
    iac: "AWS::DynamoDB::Table: PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true }",
  },
  mappings: { fsbp: ["DynamoDB.2"] },
  check(table) {
    const enabled = table.pointInTimeRecovery;
    if (isUnknown(enabled)) return undetermined("the table's point-in-time recovery setting", enabled);
    if (!enabled) return fail("point-in-time recovery is disabled", setting("pointInTimeRecovery", enabled));
    return pass("point-in-time recovery is enabled");
  },
});
