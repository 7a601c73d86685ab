/**
 * What the evaluator asks of the findings table (`FindingsStore.record` and `markGone`, `ContextLinks`, whose
 * changed links go in batches): no index, no scan. Apart
 * from `permissions.ts` so that the stacks can grant it without loading the AWS SDK.
 */
export const FINDINGS_TABLE_ACTIONS = [
  "dynamodb:GetItem",
  "dynamodb:PutItem",
  "dynamodb:Query",
  "dynamodb:BatchWriteItem",
] as const;
