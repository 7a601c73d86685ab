import { capturePatterns } from "@vigil/core";
import { exemptionsSchedule } from "./exemptions.ts";
import { evaluationQueue, undeliveredEvents } from "./queue.ts";
import { allowEventBridgeRules } from "./queue-defaults.ts";
import { sweepSchedule } from "./sweep.ts";

/** Turns change events into references on the evaluation queue; may send there and nowhere else. */
export const ingest = new sst.aws.Function("Ingest", {
  handler: "packages/functions/src/ingest/handler.handler",
  description: "Vigil: change events to resource references on the evaluation queue",
  timeout: "10 seconds",
  memory: "256 MB",
  concurrency: { reserved: 10 },
  environment: { EVALUATION_QUEUE_URL: evaluationQueue.url },
  permissions: [{ actions: ["sqs:SendMessage"], resources: [evaluationQueue.arn] }],
  // Declares the function → queue flow that the permission above opens (Vigil's undeclared-writes rule).
  tags: { "vigil:writes": evaluationQueue.nodes.queue.name },
});

/** One rule on the default bus per pattern: CloudTrail calls per watched service, Config item changes. */
const captureRules = capturePatterns().map(({ name, pattern }) => {
  const rule = new aws.cloudwatch.EventRule(`Capture${name}`, {
    description: `Vigil: ${name} events to ingest`,
    eventPattern: JSON.stringify(pattern),
  });
  new aws.cloudwatch.EventTarget(`Capture${name}Target`, {
    rule: rule.name,
    arn: ingest.arn,
    retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
    deadLetterConfig: { arn: undeliveredEvents.arn },
  });
  new aws.lambda.Permission(`Capture${name}Permission`, {
    action: "lambda:InvokeFunction",
    function: ingest.name,
    principal: "events.amazonaws.com",
    sourceArn: rule.arn,
  });
  return rule;
});

// One policy for the queue (a second QueuePolicy would replace the first): only these rules and the sweep's and
// exemptions' schedules may park events there.
allowEventBridgeRules("UndeliveredEventsPolicy", undeliveredEvents, [
  ...captureRules.map((rule) => rule.arn),
  sweepSchedule.nodes.rule.arn,
  exemptionsSchedule.nodes.rule.arn,
]);
