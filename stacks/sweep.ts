import { vigilConfig } from "./config.ts";
import { LIVE_READ_ACTIONS } from "./live-reads.ts";
import { evaluationQueue, undeliveredEvents } from "./queue.ts";

/** Reads the account's inventory and enqueues one reference per resource: what no event reported is evaluated too. */
export const sweep = new sst.aws.Function("Sweep", {
  handler: "packages/functions/src/sweep/handler.handler",
  description: "Vigil: scheduled sweep of the inventory onto the evaluation queue",
  // Vigil's timeout rule caps functions at 5 minutes: enough for a few hundred functions at the readers' pace
  // below the control-plane quotas; larger accounts need the sweep split by kind or region.
  timeout: "5 minutes",
  // One sweep at a time: a second would only repeat the first.
  concurrency: { reserved: 1 },
  environment: { EVALUATION_QUEUE_URL: evaluationQueue.url },
  permissions: [
    // The inventory is the live readers' full read (they have no list-only path): read-only actions on `*`.
    { actions: LIVE_READ_ACTIONS, resources: ["*"] },
    { actions: ["sqs:SendMessage"], resources: [evaluationQueue.arn] },
  ],
  // Declares the function → queue flow that the permission above opens (Vigil's undeclared-writes rule).
  tags: { "vigil:writes": evaluationQueue.nodes.queue.name },
});

export const sweepSchedule = new sst.aws.Cron("SweepSchedule", {
  // The config schema admits only `rate(...)` and `cron(...)` expressions.
  schedule: vigilConfig.service.sweepSchedule as `rate(${string})` | `cron(${string})`,
  function: sweep.arn,
  // A schedule EventBridge could not deliver is parked with the capture events (its policy in capture.ts admits this rule).
  transform: { target: { deadLetterConfig: { arn: undeliveredEvents.arn } } },
});
