import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SQSClient } from "@aws-sdk/client-sqs";
import { AuditLog, createFindingsDocumentClient, ExemptionStore, FindingsStore } from "@vigil/aws";
import { type Exemption, parseVigilConfig } from "@vigil/core";
import { enqueueEvaluations, evaluationQueueUrl } from "../shared/enqueue.ts";
import { bundledConfig, requiredEnv } from "../shared/env.ts";
import { observed } from "../shared/powertools.ts";
import { reconcileExemptions } from "./reconciler.ts";

const SERVICE_NAME = "vigil-exemptions";

export interface ExemptionsDependencies {
  readonly findings: Pick<FindingsStore, "query">;
  /** vigil.config.ts's exemptions and the stored ones. */
  readonly exemptions: () => Promise<readonly Exemption[]>;
  readonly sqs: SQSClient;
  readonly queueUrl: string;
  readonly now?: () => Date;
}

export interface ExemptionsHandlerOptions {
  /** Built on the first invocation, so that no client exists at import time. */
  readonly dependencies: () => ExemptionsDependencies;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly tracer?: Tracer;
}

/**
 * Scheduled: findings whose exemption expired or was revoked, or that a new exemption covers, go back to the
 * evaluation queue. Their evaluation reopens them (notify then alerts `exemption-expired`) or closes them as
 * exempted. A refused message fails the invocation; the next run finds the same findings again.
 */
export function createExemptionsHandler(options: ExemptionsHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics ?? new Metrics({ namespace: "Vigil", serviceName: SERVICE_NAME });
  let deps: ExemptionsDependencies | undefined;

  const reconcile = async (_event: unknown, context: { invokedFunctionArn: string }) => {
    deps ??= options.dependencies();
    const reconciliation = await reconcileExemptions({
      findings: deps.findings,
      exemptions: await deps.exemptions(),
      account: context.invokedFunctionArn.split(":")[4] ?? "",
      now: deps.now?.() ?? new Date(),
    });
    await enqueueEvaluations(deps.sqs, deps.queueUrl, reconciliation.messages);
    for (const [change, count] of Object.entries(reconciliation.changes)) {
      metrics.addMetric(`Exemptions_${change}`, MetricUnit.Count, count);
    }
    logger.info("exemptions reconciled", { ...reconciliation.changes, evaluations: reconciliation.messages.length });
    return reconciliation.changes;
  };

  return observed(reconcile, { logger, metrics, ...(options.tracer && { tracer: options.tracer }) });
}

const tracer = new Tracer({ serviceName: SERVICE_NAME });

/** The deployed job: the findings table, vigil.config.ts's exemptions from `VIGIL_CONFIG`, the evaluation queue. */
function productionDependencies(): ExemptionsDependencies {
  const region = requiredEnv("AWS_REGION");
  const tableName = requiredEnv("FINDINGS_TABLE");
  const documents = createFindingsDocumentClient(tracer.captureAWSv3Client(new DynamoDBClient({ region })));
  const configured = parseVigilConfig(bundledConfig()).exemptions;
  const stored = new ExemptionStore(documents, tableName, new AuditLog(documents, tableName));
  return {
    findings: new FindingsStore(documents, tableName),
    exemptions: async () => [...configured, ...(await stored.list())],
    sqs: tracer.captureAWSv3Client(new SQSClient({ region })),
    queueUrl: evaluationQueueUrl(),
  };
}

export const handler = createExemptionsHandler({ dependencies: productionDependencies, tracer });
