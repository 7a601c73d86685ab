// Apart from the handler so that the stacks can grant it without loading the AWS SDK.
import {
  ALERT_KEY_PREFIX,
  AUDIT_KEY_PREFIX,
  BUDGET_KEY_PREFIX,
  CONTROL_KEY,
  EXEMPTION_KEY,
  resourceKey,
} from "../../../aws/src/store/schema.ts";

/** What remediate asks of the findings table: records, guard and budget items, controls, exemptions, audit. */
export const REMEDIATE_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:UpdateItem",
] as const;

/**
 * The partition keys remediate may touch (a `dynamodb:LeadingKeys` condition). `RES#*` holds its records and the
 * loop guard beside the findings (which it never writes: the store's conditions and this function's code keep it
 * so; DynamoDB conditions on sort keys do not exist).
 */
export const REMEDIATE_PARTITION_KEYS = [
  `${resourceKey("")}*`,
  CONTROL_KEY,
  EXEMPTION_KEY,
  `${AUDIT_KEY_PREFIX}*`,
  `${BUDGET_KEY_PREFIX}*`,
  `${ALERT_KEY_PREFIX}*`,
];
