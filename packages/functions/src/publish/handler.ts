import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { DynamoDBStreamRecord as DynamoDBStreamRecordSchema } from "@aws-lambda-powertools/parser/schemas/dynamodb";
import type { DynamoDBStreamEvent } from "@aws-lambda-powertools/parser/types";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { EventBridgeClient } from "@aws-sdk/client-eventbridge";
import { FindingEventPublisher, findingOfItem, isFindingItem } from "@vigil/aws";
import {
  type FindingEventDetail,
  findingEventDetail,
  findingSchema,
  publishedTransition,
  RULES,
  type RuleMeta,
} from "@vigil/core";
import { requiredEnv } from "../shared/env.ts";
import { MalformedRecordError, parseRecord } from "../shared/malformed.ts";
import { observed } from "../shared/powertools.ts";

const SERVICE_NAME = "vigil-publish";

export interface PublishHandlerOptions {
  /** Built on the first record, so that no client exists at import time. */
  readonly publisher: () => Pick<FindingEventPublisher, "publish">;
  /** Rule metadata by id; default Vigil's catalogue. */
  readonly rules?: readonly RuleMeta[];
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly tracer?: Tracer;
}

/**
 * The finding event a stream record stands for, or undefined when it carries no news: history, idempotency and
 * alert items, removals, repeats (heartbeat rewrites) and first passing results.
 */
export function eventOfRecord(raw: unknown, rulesById: ReadonlyMap<string, RuleMeta>): FindingEventDetail | undefined {
  const { eventName, dynamodb } = parseRecord(DynamoDBStreamRecordSchema, raw, "stream record");
  const { NewImage: next, OldImage: before } = dynamodb;
  if (eventName === "REMOVE" || !next || !isFindingItem(next)) return undefined;
  const finding = parseRecord(findingSchema, findingOfItem(next), "new finding image");
  const previous =
    before && isFindingItem(before)
      ? parseRecord(findingSchema, findingOfItem(before), "old finding image")
      : undefined;
  const kind = publishedTransition(previous, finding);
  if (!kind) return undefined;
  const rule = rulesById.get(finding.ruleId);
  if (!rule) throw new MalformedRecordError(`rule ${finding.ruleId} is not in this version's catalogue`);
  return findingEventDetail(kind, previous, finding, rule);
}

/**
 * Table stream → one event on Vigil's bus per finding transition. Records are handled in order and a failed one is
 * reported as a partial batch failure: Lambda retries from it, so an event may be put twice, never lost; consumers
 * key on `transitionId`.
 */
export function createPublishHandler(options: PublishHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics ?? new Metrics({ namespace: "Vigil", serviceName: SERVICE_NAME });
  const rulesById = new Map((options.rules ?? RULES).map((rule) => [rule.id, rule]));
  const processor = new BatchProcessor(EventType.DynamoDBStreams);
  let publisher: Pick<FindingEventPublisher, "publish"> | undefined;

  const publishRecord = async (record: { eventID?: string }) => {
    logger.setCorrelationId(record.eventID);
    let detail: FindingEventDetail | undefined;
    try {
      detail = eventOfRecord(record, rulesById);
    } catch (error) {
      logger.warn("malformed stream record", { reason: (error as Error).message });
      metrics.addMetric("MalformedRecords", MetricUnit.Count, 1);
      throw error;
    }
    if (!detail) return;
    publisher ??= options.publisher();
    await publisher.publish(detail);
    metrics.singleMetric().addDimension("transition", detail.transition).addMetric("Transitions", MetricUnit.Count, 1);
    logger.info("published", {
      transition: detail.transition,
      rule: detail.finding.ruleId,
      resource: detail.finding.resourceId,
      transitionId: detail.transitionId,
    });
  };

  const handleBatch = async (event: DynamoDBStreamEvent, context: unknown) =>
    processPartialResponse(event as never, publishRecord, processor, {
      context: context as never,
      processInParallel: false,
      throwOnFullBatchFailure: false,
    });

  return observed(handleBatch, { logger, metrics, ...(options.tracer && { tracer: options.tracer }) });
}

const tracer = new Tracer({ serviceName: SERVICE_NAME });

export const handler = createPublishHandler({
  publisher: () =>
    new FindingEventPublisher(
      tracer.captureAWSv3Client(new EventBridgeClient({ region: requiredEnv("AWS_REGION") })),
      requiredEnv("FINDINGS_BUS"),
    ),
  tracer,
});
