import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "dynamodb-deletion-protection-off",
  title: "DynamoDB table has deletion protection off",
  severity: "medium",
  practice: 6,
  kinds: ["dynamodb.table"],
  rationale:
    "Without deletion protection, one DeleteTable call (a mistaken stack teardown, a renamed resource that makes " +
    "CloudFormation replace the table, a compromised deploy role) removes the table and its data at once.",
  remediation: {
    summary: "Turn on deletion protection for the table.",
    cli: "aws dynamodb update-table --table-name <table> --deletion-protection-enabled",
    iac: "AWS::DynamoDB::Table: DeletionProtectionEnabled: true",
  },
  mappings: { fsbp: ["DynamoDB.6"] },
  check(table) {
    const enabled = table.deletionProtection;
    if (isUnknown(enabled)) return undetermined("the table's deletion protection", enabled);
    if (!enabled) return fail("deletion protection is off", setting("deletionProtection", enabled));
    return pass("deletion protection is on");
  },
});
