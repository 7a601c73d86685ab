import { FINDINGS_TABLE_ACTIONS } from "../packages/functions/src/evaluate/findings-table-actions.ts";
import { EVALUATE_CONSUMER } from "../packages/functions/src/shared/queue-consumers.ts";
import { QUEUE_CONSUMER_ACTIONS } from "./event-source-actions.ts";
import { findingsTable } from "./findings.ts";
import { LIVE_READ_ACTIONS } from "./live-reads.ts";
import { evaluationQueue } from "./queue.ts";

/**
 * Reads each referenced resource live, runs the rules and records findings. Read-only on the account, and on the
 * findings table only what the store calls; no `link`, which would grant more.
 */
export const evaluate = new sst.aws.Function("Evaluate", {
  handler: "packages/functions/src/evaluate/handler.handler",
  description: "Vigil: evaluates queued resource references and records findings",
  // The evaluation queue's visibility timeout is six times this (Vigil's own SQS event-source rule).
  timeout: `${EVALUATE_CONSUMER.timeoutSeconds} seconds`,
  concurrency: { reserved: EVALUATE_CONSUMER.concurrency },
  environment: {
    FINDINGS_TABLE: findingsTable.name,
    // Dependants of a changed resource are re-checked through the same queue.
    EVALUATION_QUEUE_URL: evaluationQueue.url,
  },
  permissions: [
    // A targeted read may reach any resource of the account: read-only actions on `*`.
    { actions: LIVE_READ_ACTIONS, resources: ["*"] },
    { actions: [...FINDINGS_TABLE_ACTIONS], resources: [findingsTable.arn] },
    { actions: [...QUEUE_CONSUMER_ACTIONS, "sqs:SendMessage"], resources: [evaluationQueue.arn] },
  ],
  // Declares the function → table flow that the grant above opens (Vigil's undeclared-writes rule).
  tags: { "vigil:writes": $interpolate`${findingsTable.nodes.table.name},${evaluationQueue.nodes.queue.name}` },
});

// A failed record returns alone (the handler reports `batchItemFailures`); the others are acknowledged.
// Capped at the reservation: messages beyond it wait on the queue instead of being throttled back to it.
evaluationQueue.subscribe(evaluate.arn, {
  batch: { size: EVALUATE_CONSUMER.batchSize, partialResponses: true },
  transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: EVALUATE_CONSUMER.concurrency } } },
});
