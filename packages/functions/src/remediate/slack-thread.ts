import type { SlackPoster } from "@vigil/aws";
import { type RemediationRecord, renderRemediation } from "@vigil/core";
import type { ThreadStore } from "../notify/notifier.ts";

/**
 * Posts a remediation's message in the thread of its finding's alert, in each channel the alert went to (as a
 * message of its own where there is no thread: a webhook, a digest, a thread forgotten). A failed post is reported,
 * never thrown: the record and the audit already hold what happened.
 */
export function threadPoster(
  poster: SlackPoster,
  threads: Pick<ThreadStore, "get"> | undefined,
  onError: (error: unknown, channel: string) => void,
): (record: RemediationRecord) => Promise<void> {
  return async (record) => {
    const message = renderRemediation(record);
    for (const channel of record.channels) {
      try {
        const thread = await threads?.get(record.ref.resourceId, record.ref.ruleId, channel);
        await poster.post(message, { ...(channel && { channel }), ...(thread && { threadTs: thread.ts }) });
      } catch (error) {
        onError(error, channel);
      }
    }
  };
}
