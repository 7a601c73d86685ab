import { BatchProcessor, EventType, processPartialResponse } from "@aws-lambda-powertools/batch";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SqsEvent, SqsRecord } from "@aws-lambda-powertools/parser/types";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import {
  AuditLog,
  ContextLinks,
  createFindingsDocumentClient,
  ExemptionStore,
  FindingsStore,
  readTargeted,
} from "@vigil/aws";
import { type FindingStatus, RULES, resolveConfig } from "@vigil/core";
import { cachedFor } from "../shared/cache.ts";
import { enqueueEvaluations, evaluationQueueUrl } from "../shared/enqueue.ts";
import { bundledConfig, requiredEnv } from "../shared/env.ts";
import { type EvaluationMessage, evaluationMessageSchema } from "../shared/evaluation-message.ts";
import { tracedLiveClients } from "../shared/live-clients.ts";
import { parseJson, parseRecord } from "../shared/malformed.ts";
import { observed } from "../shared/powertools.ts";
import { Evaluator } from "./evaluator.ts";

export interface EvaluateHandlerOptions {
  /** Built on the first record, so that no client exists at import time. */
  readonly evaluator: () => Evaluator;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  /** Traces the invocation; production also captures the SDK clients with it. */
  readonly tracer?: Tracer;
}

const SERVICE_NAME = "vigil-evaluate";

/** Parses a record body; a bad one is reported with the field at fault. */
function parseMessage(body: string): EvaluationMessage {
  return parseRecord(evaluationMessageSchema, parseJson(body), "evaluation message");
}

/**
 * SQS batch → one evaluation per record, reported as partial batch failures: a malformed or failed record returns
 * alone as a `batchItemFailure`, the others are acknowledged. Records run one after the other, which keeps the
 * API rate of one invocation low and lets each log line carry its record's message id as the correlation id.
 */
export function createEvaluateHandler(options: EvaluateHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics ?? new Metrics({ namespace: "Vigil", serviceName: SERVICE_NAME });
  const processor = new BatchProcessor(EventType.SQS);
  let evaluator: Evaluator | undefined;

  const evaluateRecord = async (record: SqsRecord) => {
    logger.setCorrelationId(record.messageId);
    let message: EvaluationMessage;
    try {
      message = parseMessage(record.body);
    } catch (error) {
      logger.warn("malformed evaluation message", { reason: (error as Error).message });
      metrics.addMetric("MalformedMessages", MetricUnit.Count, 1);
      throw error;
    }
    try {
      evaluator ??= options.evaluator();
      const evaluation = await evaluator.evaluate(message);
      if (evaluation.coalesced) {
        metrics.addMetric("CoalescedEvents", MetricUnit.Count, 1);
        logger.debug("already read after the event", { arn: message.arn, lastRead: evaluation.lastRead });
        return;
      }
      const { outcome } = evaluation;
      metrics.addMetric("Evaluations", MetricUnit.Count, 1);
      metrics.addMetric("StaleWrites", MetricUnit.Count, outcome.stale);
      metrics.addMetric("FindingWrites", MetricUnit.Count, outcome.writes);
      metrics.addMetric("Transitions", MetricUnit.Count, outcome.transitions.length);
      metrics.addMetric("ReadErrors", MetricUnit.Count, evaluation.readErrors.length);
      metrics.addMetric(
        "EventToEvaluationLag",
        MetricUnit.Milliseconds,
        Math.max(0, evaluation.observedAt.getTime() - Date.parse(message.eventTime)),
      );
      const byStatus = countByStatus(evaluation.results.map((result) => result.status));
      for (const [status, count] of Object.entries(byStatus)) {
        metrics.singleMetric().addDimension("status", status).addMetric("Findings", MetricUnit.Count, count);
      }
      logger.info("evaluated", {
        arn: message.arn,
        reason: message.reason,
        resources: evaluation.resources,
        gone: evaluation.gone,
        byStatus,
        transitions: outcome.transitions.map((t) => ({ kind: t.kind, rule: t.finding.ruleId })),
        writes: outcome.writes,
        stale: outcome.stale,
        readErrors: evaluation.readErrors,
      });
    } catch (error) {
      logger.error("evaluation failed", { arn: message.arn, error: error as Error });
      metrics.addMetric("FailedEvaluations", MetricUnit.Count, 1);
      throw error;
    }
  };

  const handleBatch = async (event: SqsEvent, context: unknown) =>
    processPartialResponse(event, evaluateRecord, processor, {
      context: context as never,
      processInParallel: false,
      // Failed records are listed like any others; throwing would only make SQS retry the whole batch the same way.
      throwOnFullBatchFailure: false,
    });

  return observed(handleBatch, { logger, metrics, ...(options.tracer && { tracer: options.tracer }) });
}

function countByStatus(statuses: readonly FindingStatus[]): Partial<Record<FindingStatus, number>> {
  const counts: Partial<Record<FindingStatus, number>> = {};
  for (const status of statuses) counts[status] = (counts[status] ?? 0) + 1;
  return counts;
}

/**
 * The deployed evaluator: the findings table named by `FINDINGS_TABLE`, rules configured by `VIGIL_CONFIG` (the
 * validated `vigil.config.ts`, as JSON), dependants re-checked through `EVALUATION_QUEUE_URL`, live reads in the function's region through traced clients, one set of
 * clients per region for the life of the execution environment.
 */
export function productionEvaluator(tracer: Tracer): Evaluator {
  const region = requiredEnv("AWS_REGION");
  const config = resolveConfig(bundledConfig(), RULES);
  const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({ region }));
  const tableName = requiredEnv("FINDINGS_TABLE");
  const documents = createFindingsDocumentClient(dynamodb);
  const store = new FindingsStore(documents, tableName);
  const granted = new ExemptionStore(documents, tableName, new AuditLog(documents, tableName));
  const sqs = tracer.captureAWSv3Client(new SQSClient({ region }));
  const queueUrl = evaluationQueueUrl();
  return new Evaluator({
    store,
    config,
    read: readTargeted,
    readOptions: { region, clients: tracedLiveClients(tracer) },
    exemptions: cachedFor(STORED_EXEMPTIONS_TTL_MS, () => granted.list()),
    dependants: {
      links: new ContextLinks(documents, tableName),
      enqueue: (messages) => enqueueEvaluations(sqs, queueUrl, messages),
    },
  });
}

/** How long an evaluator trusts the stored exemptions it read: a new one applies within a minute. */
const STORED_EXEMPTIONS_TTL_MS = 60_000;

const tracer = new Tracer({ serviceName: SERVICE_NAME });

export const handler = createEvaluateHandler({ evaluator: () => productionEvaluator(tracer), tracer });
