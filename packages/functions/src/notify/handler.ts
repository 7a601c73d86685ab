import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SqsEvent, SqsRecord } from "@aws-lambda-powertools/parser/types";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { parseVigilConfig } from "@vigil/core";
import { bundledConfig, requiredEnv } from "../shared/env.ts";
import { MalformedRecordError, parseJson, parseRecord } from "../shared/malformed.ts";
import { observed, slackFacingTracer } from "../shared/powertools.ts";
import { findingEventEnvelopeSchema } from "../shared/remediation-messages.ts";
import { slackFromSecrets } from "../shared/slack.ts";
import { secretsManagerSlackSecrets } from "../shared/slack-secrets.ts";
import { DeliveryClaims } from "./claims.ts";
import { NOTIFY_METRICS_NAMESPACE, NOTIFY_SERVICE_NAME, SLACK_PERMANENT_FAILURES } from "./metrics.ts";
import { type DroppedPost, Notifier, type NotifyProblem, type NotifyRequest } from "./notifier.ts";
import { NOTIFY_IDEMPOTENCY_KEYS } from "./table-access.ts";

export interface NotifyHandlerOptions {
  /** Built on the first batch, so that no client exists at import time. */
  /** Built on the first batch (it reads the Slack secrets); a failure is retried on the next. */
  readonly notifier: (logger: Logger) => Notifier | Promise<Notifier>;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly tracer?: Tracer;
}

function parseRequest(record: SqsRecord): NotifyRequest {
  const event = parseRecord(findingEventEnvelopeSchema, parseJson(record.body), "finding event");
  return { recordId: record.messageId, detail: event.detail };
}

/**
 * Notify queue batch → Slack. The whole batch is read first, so that events arriving together become one digest;
 * a malformed record fails alone (logged with its reason, to the DLQ after its retries) and the rest are announced.
 * Answers SQS partial batch failures.
 */
export function createNotifyHandler(options: NotifyHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: NOTIFY_SERVICE_NAME });
  const metrics =
    options.metrics ?? new Metrics({ namespace: NOTIFY_METRICS_NAMESPACE, serviceName: NOTIFY_SERVICE_NAME });
  let notifier: Notifier | undefined;

  const handleBatch = async (event: SqsEvent, context: { getRemainingTimeInMillis(): number }) => {
    const failures: string[] = [];
    const requests: NotifyRequest[] = [];
    for (const record of event.Records) {
      try {
        requests.push(parseRequest(record));
      } catch (error) {
        if (!(error instanceof MalformedRecordError)) throw error;
        logger.warn("malformed notify record", { messageId: record.messageId, reason: error.message });
        metrics.addMetric("MalformedRecords", MetricUnit.Count, 1);
        failures.push(record.messageId);
      }
    }
    notifier ??= await options.notifier(logger);
    const outcome = await notifier.notify(requests, () => context.getRemainingTimeInMillis());
    failures.push(...outcome.failedRecords);
    logDropped(logger, outcome.dropped);
    metrics.addMetric(SLACK_PERMANENT_FAILURES, MetricUnit.Count, outcome.dropped.length);
    metrics.addMetric("AlertsSent", MetricUnit.Count, outcome.alerts);
    metrics.addMetric("DigestsSent", MetricUnit.Count, outcome.digests);
    metrics.addMetric("DuplicateDeliveries", MetricUnit.Count, outcome.duplicates);
    metrics.addMetric("FailedDeliveries", MetricUnit.Count, outcome.failedRecords.size);
    logger.info("notified", {
      events: requests.length,
      alerts: outcome.alerts,
      digests: outcome.digests,
      duplicates: outcome.duplicates,
      dropped: outcome.dropped.length,
      failed: failures.length,
    });
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };

  return observed(handleBatch, { logger, metrics, ...(options.tracer && { tracer: options.tracer }) });
}

/** One error entry per Slack error and channel in the batch, saying what to do: no retry will deliver these. */
function logDropped(logger: Logger, dropped: readonly DroppedPost[]): void {
  const byCause = new Map<string, DroppedPost[]>();
  for (const post of dropped) {
    const key = `${post.error.code}|${post.channel}`;
    byCause.set(key, [...(byCause.get(key) ?? []), post]);
  }
  for (const posts of byCause.values()) {
    const { error, channel } = posts[0] as DroppedPost;
    logger.error("Slack refused for good: alerts dropped, not retried", {
      code: error.code,
      channel,
      fix: error.fix,
      transitionIds: posts.flatMap((post) => post.transitionIds),
    });
  }
}

/**
 * The deployed notifier: the Slack secrets it was given (a bot token wins over a webhook), routing from
 * `VIGIL_CONFIG`, delivery claims and alert threads in the findings table under their own key prefixes.
 */
export async function productionNotifier(tracer: Tracer, logger: Logger): Promise<Notifier> {
  const region = requiredEnv("AWS_REGION");
  const tableName = requiredEnv("FINDINGS_TABLE");
  const routing = parseVigilConfig(bundledConfig()).service.slack;
  const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({ region }));
  const claims = new DeliveryClaims(
    new DynamoDBPersistenceLayer({ tableName, ...NOTIFY_IDEMPOTENCY_KEYS, awsSdkV3Client: dynamodb as never }),
    NOTIFY_SERVICE_NAME,
  );
  const onProblem = ({ stage, transitionId, channel, error }: NotifyProblem) =>
    logger.error(`notify ${stage} failed`, { transitionId, channel, error: error as Error });
  const secrets = secretsManagerSlackSecrets(tracer.captureAWSv3Client(new SecretsManagerClient({ region })));
  const { poster, threads } = await slackFromSecrets(secrets, logger, dynamodb, tableName);
  return new Notifier({ poster, routing, claims, ...(threads && { threads }), onProblem });
}

const tracer = slackFacingTracer(NOTIFY_SERVICE_NAME);

export const handler = createNotifyHandler({ notifier: (logger) => productionNotifier(tracer, logger), tracer });
