import { livePermissions } from "@vigil/aws";
import { FINDINGS_TABLE_ACTIONS } from "./findings-table-actions.ts";

export { FINDINGS_TABLE_ACTIONS };

/**
 * The IAM actions the evaluate function needs besides its queue subscription: the live readers' read-only actions
 * (on `*`: a targeted read may reach any resource of the account) and the findings table's (on the table only).
 */
export function evaluatePermissions(): { readonly liveReads: string[]; readonly findingsTable: string[] } {
  return { liveReads: livePermissions(), findingsTable: [...FINDINGS_TABLE_ACTIONS] };
}
