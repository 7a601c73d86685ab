import { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { SQSClient } from "@aws-sdk/client-sqs";
import middy from "@middy/core";
import { type LiveReadResult, readAccount } from "@vigil/aws";
import { type ResourceKind, RULES, wholeKindOf } from "@vigil/core";
import { EnqueueError, enqueueEvaluations, evaluationQueueUrl } from "../shared/enqueue.ts";
import type { EvaluationMessage } from "../shared/evaluation-message.ts";

/**
 * The kinds the sweep enqueues: every kind a rule applies to, as it is read (an API for its stages, methods and
 * routes, which its targeted read returns whole). Derived from the catalogue, so a rule on a new kind is swept.
 */
export const SWEPT_KINDS: readonly ResourceKind[] = [...new Set(RULES.flatMap((rule) => rule.kinds).map(wholeKindOf))];

export { EnqueueError };

/** Why a swept reference is evaluated: the `reason` every sweep message carries. */
export const SWEEP_REASON = "vigil:sweep";

export interface SweepDependencies {
  /** The inventory; the live readers have no list-only path, so this is a full read of the account. */
  readonly readInventory: () => Promise<LiveReadResult>;
  readonly sqs: () => SQSClient;
  readonly queueUrl: () => string;
  readonly now?: () => Date;
}

/** The region an ARN names; `""` for IAM and S3 (the evaluator then uses its home region). */
function regionOf(arn: string): string {
  return arn.split(":")[3] ?? "";
}

/** The inventory → one evaluation message per swept resource, in the contract ingest writes. */
export function sweepMessages(inventory: LiveReadResult, sweptAt: Date): EvaluationMessage[] {
  return inventory.resources
    .filter((resource) => SWEPT_KINDS.includes(resource.kind))
    .map((resource) => ({
      kind: resource.kind,
      arn: resource.arn,
      account: inventory.account,
      region: regionOf(resource.arn),
      reason: SWEEP_REASON,
      eventTime: sweptAt.toISOString(),
    }));
}

/**
 * Scheduled sweep: reads the account's inventory and puts one reference per resource on the evaluation queue, so
 * that what no event reported (a missed event, a rule added since) is evaluated too. A refused message fails the
 * invocation, which the schedule's retries then repeat (resending is harmless).
 */
export function createSweepHandler(deps: SweepDependencies) {
  const logger = new Logger({ serviceName: "vigil-sweep" });
  const metrics = new Metrics({ namespace: "Vigil", serviceName: "vigil-sweep" });
  const now = deps.now ?? (() => new Date());

  async function sweep(): Promise<void> {
    const inventory = await deps.readInventory();
    if (inventory.errors.length > 0) {
      // Resources whose listing failed are missing; the rest are still worth evaluating.
      logger.warn("inventory incomplete", { errors: inventory.errors });
      metrics.addMetric("InventoryReadErrors", MetricUnit.Count, inventory.errors.length);
    }
    const messages = sweepMessages(inventory, now());
    try {
      await enqueueEvaluations(deps.sqs(), deps.queueUrl(), messages);
    } catch (error) {
      if (error instanceof EnqueueError) metrics.addMetric("EnqueueFailures", MetricUnit.Count, error.failed);
      throw error;
    }
    logger.info("inventory enqueued", { account: inventory.account, references: messages.length });
    metrics.addMetric("ReferencesEnqueued", MetricUnit.Count, messages.length);
  }

  return middy(sweep)
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics));
}

let client: SQSClient | undefined;

export const handler = createSweepHandler({
  // The function's own region: the one the capture rules watch.
  readInventory: () => {
    const region = process.env.AWS_REGION;
    if (!region) throw new Error("AWS_REGION is not set");
    return readAccount({ region });
  },
  sqs: () => {
    client ??= new SQSClient({});
    return client;
  },
  queueUrl: evaluationQueueUrl,
});
