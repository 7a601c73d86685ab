import { findingsBus } from "./bus.ts";
import { STREAM_CONSUMER_ACTIONS } from "./event-source-actions.ts";
import { findingsTable } from "./findings.ts";
import { encryptedQueue } from "./queue-defaults.ts";

/** Stream batches that failed every retry: their sequence numbers, kept for inspection and a replay. */
export const publishFailures = encryptedQueue("PublishFailures", { retentionDays: 14 });

/** Turns finding changes on the table stream into transition events on Vigil's bus; may put there and nowhere else. */
export const publish = new sst.aws.Function("Publish", {
  handler: "packages/functions/src/publish/handler.handler",
  description: "Vigil: finding transitions from the table stream to Vigil's bus",
  timeout: "30 seconds",
  memory: "256 MB",
  // One invocation per stream shard at a time; a few shards at most for this table.
  concurrency: { reserved: 4 },
  environment: { FINDINGS_BUS: findingsBus.name },
  permissions: [
    { actions: ["events:PutEvents"], resources: [findingsBus.arn] },
    { actions: STREAM_CONSUMER_ACTIONS, resources: [findingsTable.nodes.table.streamArn] },
    { actions: ["sqs:SendMessage"], resources: [publishFailures.arn] },
  ],
});

// Current findings only (history, claims and threads share the table), and no removals: TTL deletes carry no news.
findingsTable.subscribe("PublishSubscription", publish.arn, {
  filters: [
    {
      eventName: ["INSERT", "MODIFY"],
      dynamodb: { Keys: { pk: { S: [{ prefix: "RES#" }] }, sk: { S: [{ prefix: "RULE#" }] } } },
    },
  ],
  transform: {
    eventSourceMapping: {
      functionResponseTypes: ["ReportBatchItemFailures"],
      bisectBatchOnFunctionError: true,
      maximumRetryAttempts: 10,
      maximumRecordAgeInSeconds: 24 * 60 * 60,
      destinationConfig: { onFailure: { destinationArn: publishFailures.arn } },
    },
  },
});
