import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SqsEvent } from "@aws-lambda-powertools/parser/types";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import {
  AuditLog,
  createFindingsDocumentClient,
  createRemediationClients,
  ExemptionStore,
  executePlan,
  type RemediationClients,
  RemediationControlsStore,
  RemediationRecords,
  readTargeted,
} from "@vigil/aws";
import { parseVigilConfig, RULES, resolveConfig } from "@vigil/core";
import { alertChannels } from "../notify/notifier.ts";
import { bundledConfig, requiredEnv } from "../shared/env.ts";
import { tracedLiveClients } from "../shared/live-clients.ts";
import { MalformedRecordError, parseJson, parseRecord } from "../shared/malformed.ts";
import { observed, slackFacingTracer } from "../shared/powertools.ts";
import { remediateMessageSchema } from "../shared/remediation-messages.ts";
import { slackFromSecrets } from "../shared/slack.ts";
import { secretsManagerSlackSecrets } from "../shared/slack-secrets.ts";
import { type RemediationOutcome, Remediator } from "./remediator.ts";
import { threadPoster } from "./slack-thread.ts";

const SERVICE_NAME = "vigil-remediate";

export interface RemediateHandlerOptions {
  /** Built on the first batch, so that no client exists at import time. */
  /** Built on the first batch (it reads the Slack secrets); a failure is retried on the next. */
  readonly remediator: (
    logger: Logger,
  ) => Pick<Remediator, "onFinding" | "onApproval"> | Promise<Pick<Remediator, "onFinding" | "onApproval">>;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly tracer?: Tracer;
}

/**
 * Remediate queue batch → remediations: finding events from the bus (a finding opened) and approvals from
 * slack-actions, one at a time (remediations are rare, and one at a time keeps the budget and the loop guard
 * simple to reason about). A record that fails (malformed, or AWS failing) fails alone; answers SQS partial batch
 * failures.
 */
export function createRemediateHandler(options: RemediateHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics ?? new Metrics({ namespace: "Vigil", serviceName: SERVICE_NAME });
  let remediator: Pick<Remediator, "onFinding" | "onApproval"> | undefined;

  const handleBatch = async (event: SqsEvent) => {
    remediator ??= await options.remediator(logger);
    const failures: string[] = [];
    for (const record of event.Records) {
      try {
        const message = parseRecord(remediateMessageSchema, parseJson(record.body), "remediate message");
        const outcome: RemediationOutcome =
          "detail" in message ? await remediator.onFinding(message.detail) : await remediator.onApproval(message.ref);
        metrics.addMetric(`Remediation_${outcome.outcome}`, MetricUnit.Count, 1);
        if ("record" in outcome) {
          logger.info("remediation", { ref: outcome.record.ref, status: outcome.outcome, mode: outcome.record.mode });
        }
      } catch (error) {
        if (error instanceof MalformedRecordError) {
          logger.warn("malformed remediate record", { messageId: record.messageId, reason: error.message });
          metrics.addMetric("MalformedRecords", MetricUnit.Count, 1);
        } else {
          logger.error("remediation failed", { messageId: record.messageId, error: error as Error });
        }
        failures.push(record.messageId);
      }
    }
    return { batchItemFailures: failures.map((itemIdentifier) => ({ itemIdentifier })) };
  };

  return observed(handleBatch, { logger, metrics, ...(options.tracer && { tracer: options.tracer }) });
}

/** A plan's calls go through clients of the resource's region, made once per execution environment and traced. */
function tracedRemediationClients(tracer: Tracer): (region: string) => RemediationClients {
  const byRegion = new Map<string, RemediationClients>();
  return (region) => {
    let clients = byRegion.get(region);
    if (!clients) {
      clients = createRemediationClients(region);
      for (const client of Object.values(clients)) tracer.captureAWSv3Client(client);
      byRegion.set(region, clients);
    }
    return clients;
  };
}

/**
 * The deployed remediator: vigil.config.ts from `VIGIL_CONFIG`, its state in the findings table, live reads and
 * plan calls with this function's role, messages through the Slack secrets it was given.
 */
export async function productionRemediator(tracer: Tracer, logger: Logger): Promise<Remediator> {
  const region = requiredEnv("AWS_REGION");
  const tableName = requiredEnv("FINDINGS_TABLE");
  const input: unknown = bundledConfig();
  const vigilConfig = parseVigilConfig(input);
  const dynamodb = tracer.captureAWSv3Client(new DynamoDBClient({ region }));
  const documents = createFindingsDocumentClient(dynamodb);
  const audit = new AuditLog(documents, tableName);
  const secrets = secretsManagerSlackSecrets(tracer.captureAWSv3Client(new SecretsManagerClient({ region })));
  const { poster, threads } = await slackFromSecrets(secrets, logger, dynamodb, tableName);
  const clientsFor = tracedRemediationClients(tracer);
  return new Remediator({
    config: vigilConfig.remediation,
    rules: resolveConfig(input, RULES),
    records: new RemediationRecords(documents, tableName),
    controls: new RemediationControlsStore(documents, tableName, audit),
    exemptions: new ExemptionStore(documents, tableName, audit),
    audit,
    read: readTargeted,
    readOptions: { region, clients: tracedLiveClients(tracer) },
    execute: (calls, callRegion) => executePlan(calls, clientsFor(callRegion)),
    post: threadPoster(poster, threads, (error, channel) =>
      logger.error("remediation message not posted", { channel, error: error as Error }),
    ),
    channelsOf: (detail) => alertChannels(detail, vigilConfig.service.slack, threads !== undefined),
  });
}

const tracer = slackFacingTracer(SERVICE_NAME);

export const handler = createRemediateHandler({
  remediator: (logger) => productionRemediator(tracer, logger),
  tracer,
});
