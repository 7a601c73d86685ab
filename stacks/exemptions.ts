import { EXEMPTIONS_TABLE_ACTIONS } from "../packages/functions/src/exemptions/table-access.ts";
import { findingsTable } from "./findings.ts";
import { evaluationQueue, undeliveredEvents } from "./queue.ts";

/**
 * Sends findings back to evaluation when their exemption expired or was revoked (they reopen, and notify alerts)
 * or a new exemption covers them.
 */
export const exemptions = new sst.aws.Function("Exemptions", {
  handler: "packages/functions/src/exemptions/handler.handler",
  description: "Vigil: re-evaluates findings whose exemptions expired, were revoked or were granted",
  timeout: "1 minute",
  memory: "256 MB",
  concurrency: { reserved: 1 },
  environment: { FINDINGS_TABLE: findingsTable.name, EVALUATION_QUEUE_URL: evaluationQueue.url },
  permissions: [
    // Findings by status (the byStatus index) and the exemptions' partition; reads only.
    {
      actions: [...EXEMPTIONS_TABLE_ACTIONS],
      resources: [findingsTable.arn, $interpolate`${findingsTable.arn}/index/byStatus`],
    },
    { actions: ["sqs:SendMessage"], resources: [evaluationQueue.arn] },
  ],
  tags: { "vigil:writes": evaluationQueue.nodes.queue.name },
});

export const exemptionsSchedule = new sst.aws.Cron("ExemptionsSchedule", {
  // An expired exemption reopens its finding within 15 minutes.
  schedule: "rate(15 minutes)",
  function: exemptions.arn,
  transform: { target: { deadLetterConfig: { arn: undeliveredEvents.arn } } },
});
