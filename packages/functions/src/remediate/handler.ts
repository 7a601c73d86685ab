import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { SqsEvent } from "@aws-lambda-powertools/parser/types";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { MalformedRecordError, parseJson, parseRecord } from "../shared/malformed.ts";
import { observed } from "../shared/powertools.ts";
import { remediateMessageSchema } from "../shared/remediation-messages.ts";
import type { RemediationOutcome, Remediator } from "./remediator.ts";

const SERVICE_NAME = "vigil-remediate";

export interface RemediateHandlerOptions {
  /** Built on the first batch, so that no client exists at import time. */
  readonly remediator: (logger: Logger) => Pick<Remediator, "onFinding" | "onApproval">;
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
    remediator ??= options.remediator(logger);
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
