import type { Logger } from "@aws-lambda-powertools/logger";
import { injectLambdaContext } from "@aws-lambda-powertools/logger/middleware";
import type { Metrics } from "@aws-lambda-powertools/metrics";
import { logMetrics } from "@aws-lambda-powertools/metrics/middleware";
import { Tracer } from "@aws-lambda-powertools/tracer";
import { captureLambdaHandler } from "@aws-lambda-powertools/tracer/middleware";
import middy from "@middy/core";

export interface Observability {
  readonly logger: Logger;
  readonly metrics: Metrics;
  /** Traces the invocation; production also captures the SDK clients with it. Absent in tests. */
  readonly tracer?: Tracer;
}

/**
 * A batch handler in the middy chain every Vigil function shares: the tracer (when given), the logger with the
 * Lambda context (keys reset per invocation), and metrics flushed at the end with a cold-start metric.
 */
export function observed<E, R>(
  handler: (event: E, context: never) => Promise<R>,
  { logger, metrics, tracer }: Observability,
) {
  const chain = middy(handler);
  if (tracer) chain.use(captureLambdaHandler(tracer));
  return chain
    .use(injectLambdaContext(logger, { resetKeys: true }))
    .use(logMetrics(metrics, { captureColdStartMetric: true }));
}

/**
 * The tracer of a function that talks to Slack. X-Ray would record every outgoing HTTP request's URL, and a Slack
 * webhook URL or response_url is itself the credential: outgoing HTTP is not traced; AWS SDK calls still are, through
 * `captureAWSv3Client`, which records operations and resource names, never a secret's value.
 */
export function slackFacingTracer(serviceName: string): Tracer {
  return new Tracer({ serviceName, captureHTTPsRequests: false });
}
