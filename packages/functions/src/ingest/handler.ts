import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { SQSClient } from "@aws-sdk/client-sqs";
import middy from "@middy/core";
import { refsForEvent } from "@vigil/core";
import { EnqueueError, enqueueEvaluations, evaluationQueueUrl } from "../shared/enqueue.ts";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";
import { coalesceByArn } from "./message.ts";

export { EnqueueError };

export interface IngestDependencies {
  /** Called once per invocation that has something to send, so no client exists at import time. */
  readonly sqs: () => SQSClient;
  readonly queueUrl: () => string;
  readonly now?: () => Date;
}

/** A top-level field of the event: enough for `id`, and no JMESPath dependency in the bundle. */
function topLevelField(field: string, event: unknown): unknown {
  return typeof event === "object" && event !== null ? (event as Record<string, unknown>)[field] : undefined;
}

function eventTime(event: unknown, now: () => Date): string {
  const time = (event as { time?: unknown } | null)?.time;
  return typeof time === "string" && !Number.isNaN(Date.parse(time)) ? time : now().toISOString();
}

/**
 * EventBridge event → one evaluation-queue message per resource it names. An event that names nothing (ignored or
 * rejected) is logged with its reason and acknowledged: retrying it could not change the answer.
 */
export function createIngestHandler(deps: IngestDependencies) {
  const logger = new Logger({ serviceName: "vigil-ingest", correlationIdSearchFn: topLevelField });
  const metrics = new Metrics({ namespace: "Vigil", serviceName: "vigil-ingest" });
  const now = deps.now ?? (() => new Date());

  async function ingest(event: unknown): Promise<void> {
    const result = refsForEvent(event);
    if ("ignored" in result) {
      logger.debug("event ignored", { reason: result.ignored });
      metrics.addMetric("EventsIgnored", MetricUnit.Count, 1);
      return;
    }
    if ("rejected" in result) {
      logger.warn("event rejected", { reason: result.rejected });
      metrics.addMetric("EventsRejected", MetricUnit.Count, 1);
      return;
    }
    const time = eventTime(event, now);
    const messages: EvaluationMessage[] = coalesceByArn(result.refs).map((ref) => ({ ...ref, eventTime: time }));
    try {
      await enqueueEvaluations(deps.sqs(), deps.queueUrl(), messages);
    } catch (error) {
      // Rethrown so that Lambda retries the event (then parks it on the failure queue).
      if (error instanceof EnqueueError) metrics.addMetric("EnqueueFailures", MetricUnit.Count, error.failed);
      throw error;
    }
    logger.info("references enqueued", { arns: messages.map((m) => m.arn) });
    metrics.addMetric("ReferencesEnqueued", MetricUnit.Count, messages.length);
  }

  return middy(ingest)
    .use(
      injectLambdaContext(logger, {
        // The EventBridge event id ties every log line of this invocation to the event.
        correlationIdPath: "id",
        resetKeys: true,
      }),
    )
    .use(logMetrics(metrics));
}

let client: SQSClient | undefined;

export const handler = createIngestHandler({
  sqs: () => {
    client ??= new SQSClient({});
    return client;
  },
  queueUrl: evaluationQueueUrl,
});
