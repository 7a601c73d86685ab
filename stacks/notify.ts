import { FINDING_EVENT_DETAIL_TYPE, FINDING_EVENT_SOURCE } from "@vigil/core";
import {
  NOTIFY_METRICS_NAMESPACE,
  NOTIFY_SERVICE_NAME,
  SLACK_PERMANENT_FAILURES,
} from "../packages/functions/src/notify/metrics.ts";
import { NOTIFY_PARTITION_KEYS, NOTIFY_TABLE_ACTIONS } from "../packages/functions/src/notify/table-access.ts";
import { NOTIFY_CONSUMER } from "../packages/functions/src/shared/queue-consumers.ts";
import { findingsBus } from "./bus.ts";
import { QUEUE_CONSUMER_ACTIONS } from "./event-source-actions.ts";
import { findingsTable } from "./findings.ts";
import { allowEventBridgeRules, encryptedQueue } from "./queue-defaults.ts";
import { registerSecretReader, secretAccess } from "./secrets.ts";

/**
 * The Slack credentials notify and remediate post with: `SlackWebhookUrl`, or `SlackBotToken`, which adds routing
 * to channels and threads. Until one holds a value the service runs and alerts are logged.
 */
export const POSTING_SECRETS = ["SlackWebhookUrl", "SlackBotToken"] as const;
const postingSecrets = secretAccess(POSTING_SECRETS);

/** Finding events Slack could not take after every retry, kept for inspection and redrive. */
export const notifyDeadLetters = encryptedQueue("NotifyDeadLetters", { retentionDays: 14 });

/** Finding events waiting for Slack: a queue between the bus and notify batches them into digests and rides out 429s. */
export const notifyQueue = encryptedQueue("NotifyQueue", {
  visibilityTimeout: `${NOTIFY_CONSUMER.visibilityTimeoutSeconds} seconds`,
  dlq: { queue: notifyDeadLetters.arn, retry: NOTIFY_CONSUMER.maxReceiveCount },
});

const notifyRule = new aws.cloudwatch.EventRule("NotifyRule", {
  description: "Vigil: finding transitions to the notify queue",
  eventBusName: findingsBus.name,
  eventPattern: JSON.stringify({ source: [FINDING_EVENT_SOURCE], "detail-type": [FINDING_EVENT_DETAIL_TYPE] }),
});

new aws.cloudwatch.EventTarget("NotifyRuleTarget", {
  rule: notifyRule.name,
  eventBusName: findingsBus.name,
  arn: notifyQueue.arn,
  retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
  deadLetterConfig: { arn: notifyDeadLetters.arn },
});

// Only this rule may send to the notify queue, and park undeliverable events on its dead letters.
allowEventBridgeRules("NotifyQueuePolicy", notifyQueue, [notifyRule.arn]);
allowEventBridgeRules("NotifyDeadLettersPolicy", notifyDeadLetters, [notifyRule.arn]);

/** Posts alerts and digests to Slack; holds its Slack secret and, in the findings table, only its claims and threads. */
export const notify = new sst.aws.Function("Notify", {
  handler: "packages/functions/src/notify/handler.handler",
  description: "Vigil: finding transitions to Slack alerts and digests",
  timeout: `${NOTIFY_CONSUMER.timeoutSeconds} seconds`,
  memory: "256 MB",
  concurrency: { reserved: NOTIFY_CONSUMER.concurrency },
  // The secrets' ARNs only: their values are read at run time, by this function's role alone.
  environment: {
    FINDINGS_TABLE: findingsTable.name,
    ...postingSecrets.environment,
  },
  permissions: [
    ...postingSecrets.permissions,
    {
      actions: [...NOTIFY_TABLE_ACTIONS],
      resources: [findingsTable.arn],
      conditions: [
        { test: "ForAllValues:StringLike", variable: "dynamodb:LeadingKeys", values: NOTIFY_PARTITION_KEYS },
      ],
    },
    { actions: QUEUE_CONSUMER_ACTIONS, resources: [notifyQueue.arn] },
  ],
  // Declares the function → table flow that the grant above opens (Vigil's undeclared-writes rule).
  tags: { "vigil:writes": findingsTable.nodes.table.name },
});

registerSecretReader(notify, POSTING_SECRETS);

notifyQueue.subscribe(notify.arn, {
  batch: { size: NOTIFY_CONSUMER.batchSize, window: "20 seconds", partialResponses: true },
  transform: { eventSourceMapping: { scalingConfig: { maximumConcurrency: NOTIFY_CONSUMER.concurrency } } },
});

/**
 * Slack refused alerts for good (a revoked token, an unknown channel): notify drops them rather than retry them
 * into the dead letters, and logs what to fix; this alarm is how someone hears of it.
 */
export const slackPermanentFailuresAlarm = new aws.cloudwatch.MetricAlarm("SlackPermanentFailuresAlarm", {
  alarmDescription:
    "Vigil: Slack refused alerts for good and they were dropped; the Notify function's log says what to fix",
  // The metric as Powertools Metrics writes it: the namespace, and the function's service as its one dimension.
  namespace: NOTIFY_METRICS_NAMESPACE,
  metricName: SLACK_PERMANENT_FAILURES,
  dimensions: { service: NOTIFY_SERVICE_NAME },
  statistic: "Sum",
  period: 300,
  evaluationPeriods: 1,
  comparisonOperator: "GreaterThanThreshold",
  threshold: 0,
  treatMissingData: "notBreaching",
});
