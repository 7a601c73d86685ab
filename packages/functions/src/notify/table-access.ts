// Apart from the handler so that the stacks can grant it without loading the AWS SDK.
import { ALERT_KEY_PREFIX } from "../../../aws/src/store/schema.ts";

/** Where delivery claims (Powertools idempotency records) live in the findings table. */
export const NOTIFY_IDEMPOTENCY_KEYS = {
  keyAttr: "pk",
  sortKeyAttr: "sk",
  staticPkValue: "IDEMPOTENCY#notify",
  expiryAttr: "ttl",
} as const;

/** What notify asks of the findings table: its claims and alert threads, item by item. */
export const NOTIFY_TABLE_ACTIONS = [
  "dynamodb:DeleteItem",
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:UpdateItem",
] as const;

/** The partition keys notify may touch (a `dynamodb:LeadingKeys` condition): never a finding. */
export const NOTIFY_PARTITION_KEYS = [NOTIFY_IDEMPOTENCY_KEYS.staticPkValue, `${ALERT_KEY_PREFIX}*`];
