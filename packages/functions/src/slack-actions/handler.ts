import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics, MetricUnit } from "@aws-lambda-powertools/metrics";
import type { Tracer } from "@aws-lambda-powertools/tracer";
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SendMessageCommand, SQSClient } from "@aws-sdk/client-sqs";
import {
  AuditLog,
  createFindingsDocumentClient,
  ExemptionStore,
  RemediationRecords,
  SlackReplayGuard,
} from "@vigil/aws";
import { parseVigilConfig, renderRemediation, type SlackMessage } from "@vigil/core";
import { bundledConfig, requiredEnv } from "../shared/env.ts";
import { observed, slackFacingTracer } from "../shared/powertools.ts";
import { approvalMessage } from "../shared/remediation-messages.ts";
import { secretsManagerSlackSecrets } from "../shared/slack-secrets.ts";
import { MalformedInteractionError, parseButtonClick } from "./interaction.ts";
import { type DecisionInput, type DecisionResult, TableDecisionRecorder } from "./recorder.ts";
import { SLACK_TIMESTAMP_TOLERANCE_SECONDS, verifySlackSignature } from "./signature.ts";

const SERVICE_NAME = "vigil-slack-actions";

/** Slack's interaction payloads are a few KB; anything far larger is not Slack. */
const MAX_BODY_BYTES = 64 * 1024;

/** A Lambda function URL request (payload format 2.0), the fields read here. */
export interface FunctionUrlRequest {
  readonly requestContext: { readonly http: { readonly method: string } };
  readonly headers?: Readonly<Record<string, string | undefined>>;
  readonly body?: string;
  readonly isBase64Encoded?: boolean;
}

export interface FunctionUrlResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** Remembers requests already accepted; `SlackReplayGuard` (@vigil/aws) keeps them in the findings table. */
export interface ReplayGuard {
  /** True the first time a key is claimed, false when it was claimed before (a replay). */
  claim(key: string, expiresAt: Date): Promise<boolean>;
}

/** Records a verified, authorised click once; `TableDecisionRecorder` is the deployed one. */
export interface SlackDecisionRecorder {
  record(input: DecisionInput): Promise<DecisionResult>;
}

/** Replaces the clicked message through its `response_url` (Slack ignores the HTTP answer's body for buttons). */
export type MessageUpdater = (responseUrl: string, message: SlackMessage) => Promise<void>;

export interface SlackActionsDependencies {
  /** The app's signing secret; undefined while the secret is unset (every request is then refused). */
  readonly signingSecret: string | undefined;
  /** Slack user ids that may decide (`remediation.approvers`). */
  readonly approvers: readonly string[];
  /** The workspace and app whose clicks count (`remediation.slackApp`); undefined: every click is refused. */
  readonly slackApp: { readonly teamId: string; readonly appId: string } | undefined;
  readonly replayGuard: ReplayGuard;
  readonly recorder: SlackDecisionRecorder;
  readonly updateMessage: MessageUpdater;
}

export interface SlackActionsHandlerOptions {
  /** Built on the first request (it reads the signing secret); a failure is retried on the next. */
  readonly dependencies: () => SlackActionsDependencies | Promise<SlackActionsDependencies>;
  readonly clock?: () => Date;
  readonly logger?: Logger;
  readonly metrics?: Metrics;
  readonly tracer?: Tracer;
}

const text = (statusCode: number, body: string): FunctionUrlResponse => ({
  statusCode,
  headers: { "content-type": "text/plain; charset=utf-8" },
  body,
});

/** What Slack shows the clicking user: only them, below the message, which stays as it is. */
const ephemeral = (message: string): FunctionUrlResponse => ({
  statusCode: 200,
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ response_type: "ephemeral", replace_original: false, text: message }),
});

const DONE: Readonly<Record<DecisionInput["decision"], string>> = {
  approve:
    "Approved: Vigil reads the resource again and applies the plan if it still holds; the result follows in this thread.",
  exempt:
    "Exempted for 30 days: the finding closes at its next evaluation and reopens, with an alert, when the exemption ends.",
  ignore: "Ignored: nothing will be changed; the finding stays open.",
};

/**
 * Slack's interactivity endpoint (a function URL without IAM auth: Slack cannot sign SigV4). In order, each refusal
 * recording nothing: method (405), size (413), Slack's v0 signature and timestamp window (401), the payload (400),
 * the clicking user against the approvers (403), replay of an accepted request (409). Then the decision is recorded
 * once (`TableDecisionRecorder`) and the user told what happens next.
 */
export function createSlackActionsHandler(options: SlackActionsHandlerOptions) {
  const logger = options.logger ?? new Logger({ serviceName: SERVICE_NAME });
  const metrics = options.metrics ?? new Metrics({ namespace: "Vigil", serviceName: SERVICE_NAME });
  const clock = options.clock ?? (() => new Date());
  let deps: SlackActionsDependencies | undefined;

  const refuse = (statusCode: number, reason: string, detail: Record<string, unknown> = {}) => {
    logger.warn("Slack request refused", { statusCode, reason, ...detail });
    metrics.addMetric("RefusedRequests", MetricUnit.Count, 1);
    return text(statusCode, reason);
  };

  const handle = async (request: FunctionUrlRequest): Promise<FunctionUrlResponse> => {
    deps ??= await options.dependencies();
    if (request.requestContext.http.method !== "POST") return refuse(405, "method not allowed");
    const raw = request.body ?? "";
    const body = request.isBase64Encoded ? Buffer.from(raw, "base64").toString("utf8") : raw;
    if (Buffer.byteLength(body) > MAX_BODY_BYTES) return refuse(413, "request too large");
    if (!deps.signingSecret) {
      logger.error("SlackSigningSecret holds no value: every Slack request is refused (docs/deploy.md#slack-secrets)");
      return refuse(401, "invalid signature", { cause: "signing secret unset" });
    }
    const headers = request.headers ?? {};
    const signed = {
      timestamp: headers["x-slack-request-timestamp"],
      signature: headers["x-slack-signature"],
      body,
    };
    const now = clock();
    const check = verifySlackSignature(signed, deps.signingSecret, now);
    // The reason is logged, not told: a forger learns nothing about which part failed.
    if (!check.ok) return refuse(401, "invalid signature", { cause: check.reason });

    let click: ReturnType<typeof parseButtonClick>;
    try {
      click = parseButtonClick(body);
    } catch (error) {
      if (error instanceof MalformedInteractionError) return refuse(400, "malformed payload", { cause: error.message });
      throw error;
    }
    // Signed with the app's secret, yet only clicks in the configured workspace, through the configured app, count.
    if (!deps.slackApp) {
      logger.error("remediation.slackApp is not set in vigil.config.ts: every Slack click is refused");
      return refuse(403, "not from Vigil's Slack app", { cause: "slackApp unset" });
    }
    if (click.teamId !== deps.slackApp.teamId || click.appId !== deps.slackApp.appId) {
      return refuse(403, "not from Vigil's Slack app", { team: click.teamId, app: click.appId });
    }
    if (!deps.approvers.includes(click.user.id)) {
      logger.warn("Slack user is not an approver", { user: click.user.id, ref: click.ref });
      metrics.addMetric("RefusedRequests", MetricUnit.Count, 1);
      return {
        ...ephemeral("You are not on Vigil's approver list (remediation.approvers): nothing was recorded."),
        statusCode: 403,
      };
    }
    // Claimed last, so that only an accepted request makes a later copy of it a replay.
    const expiresAt = new Date(Number(signed.timestamp) * 1000 + 2 * SLACK_TIMESTAMP_TOLERANCE_SECONDS * 1000);
    if (!(await deps.replayGuard.claim(`${signed.timestamp}:${signed.signature}`, expiresAt))) {
      return refuse(409, "replayed request");
    }

    const { outcome, record } = await deps.recorder.record({ ...click, at: now });
    if (record && click.responseUrl) {
      // The buttons give way to who decided what; a failed update loses nothing, the record holds it.
      await deps
        .updateMessage(click.responseUrl, renderRemediation(record))
        .catch((error: unknown) => logger.warn("Slack message not updated", { error: error as Error }));
    }
    metrics.addMetric(`Decision_${click.decision}_${outcome}`, MetricUnit.Count, 1);
    logger.info("Slack decision", { decision: click.decision, user: click.user.id, ref: click.ref, outcome });
    switch (outcome) {
      case "recorded":
        return ephemeral(DONE[click.decision]);
      case "already-decided":
        return ephemeral("Someone already decided on this remediation: nothing new was recorded.");
      case "not-found":
        return ephemeral("Vigil has no remediation waiting for this decision (it may have expired).");
    }
  };

  return observed(handle, { logger, metrics, ...(options.tracer && { tracer: options.tracer }) });
}

/** Posts the replacement of the clicked message to Slack's `response_url` (Slack answers within 3 s or not at all). */
export async function replaceMessage(responseUrl: string, message: SlackMessage): Promise<void> {
  const response = await fetch(responseUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ replace_original: true, ...message }),
    signal: AbortSignal.timeout(3000),
  });
  if (!response.ok) throw new Error(`response_url answered ${response.status}`);
}

/** The deployed endpoint: its signing secret, approvers from `VIGIL_CONFIG`, the findings table, the queue. */
async function productionDependencies(tracer: Tracer): Promise<SlackActionsDependencies> {
  const region = requiredEnv("AWS_REGION");
  const tableName = requiredEnv("FINDINGS_TABLE");
  const queueUrl = requiredEnv("REMEDIATE_QUEUE_URL");
  const documents = createFindingsDocumentClient(tracer.captureAWSv3Client(new DynamoDBClient({ region })));
  const sqs = tracer.captureAWSv3Client(new SQSClient({ region }));
  const audit = new AuditLog(documents, tableName);
  const remediationConfig = parseVigilConfig(bundledConfig()).remediation;
  return {
    signingSecret: await secretsManagerSlackSecrets(
      tracer.captureAWSv3Client(new SecretsManagerClient({ region })),
    ).get("SlackSigningSecret"),
    approvers: remediationConfig.approvers,
    slackApp: remediationConfig.slackApp,
    replayGuard: new SlackReplayGuard(documents, tableName),
    recorder: new TableDecisionRecorder(
      new RemediationRecords(documents, tableName),
      new ExemptionStore(documents, tableName, audit),
      audit,
      async (ref) => {
        await sqs.send(
          new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(approvalMessage(ref)) }),
        );
      },
    ),
    updateMessage: replaceMessage,
  };
}

const tracer = slackFacingTracer(SERVICE_NAME);

export const handler = createSlackActionsHandler({ dependencies: () => productionDependencies(tracer), tracer });
