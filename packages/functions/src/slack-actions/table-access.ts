// Apart from the handler so that the stacks can grant it without loading the AWS SDK.
import {
  AUDIT_KEY_PREFIX,
  EXEMPTION_KEY,
  resourceKey,
  SLACK_REQUEST_KEY_PREFIX,
} from "../../../aws/src/store/schema.ts";

/** What slack-actions asks of the findings table: read and move a remediation record, grant, audit, refuse replays. */
export const SLACK_ACTIONS_TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem"] as const;

/** The partition keys slack-actions may touch: remediation records (under `RES#`), exemptions, audit, replays. */
export const SLACK_ACTIONS_PARTITION_KEYS = [
  `${resourceKey("")}*`,
  EXEMPTION_KEY,
  `${AUDIT_KEY_PREFIX}*`,
  `${SLACK_REQUEST_KEY_PREFIX}*`,
];
