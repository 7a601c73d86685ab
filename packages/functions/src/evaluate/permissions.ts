import { livePermissions } from "@vigil/aws";

/** What the evaluator asks of the findings table (`FindingsStore.record` and `markGone`): no index, no scan. */
export const FINDINGS_TABLE_ACTIONS = ["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query"] as const;

/**
 * The IAM actions the evaluate function needs besides its queue subscription: the live readers' read-only actions
 * (on `*`: a targeted read may reach any resource of the account) and the findings table's (on the table only).
 */
export function evaluatePermissions(): { readonly liveReads: string[]; readonly findingsTable: string[] } {
  return { liveReads: livePermissions(), findingsTable: [...FINDINGS_TABLE_ACTIONS] };
}
