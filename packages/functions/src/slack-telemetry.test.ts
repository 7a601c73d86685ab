/**
 * No Slack secret reaches X-Ray, the logs or an error (issue 14, point 2). The deployed notify and slack-actions
 * handlers run as Lambda runs them — their production wiring, real middy chain, tracing on — with real secrets
 * read over HTTP from a local Secrets Manager, a local Slack, dynalite for the table and a local X-Ray daemon
 * (UDP) receiving every segment. Everything they write to stdout/stderr and every datagram is scanned.
 */
import { createSocket, type Socket } from "node:dgram";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { RemediationRecords } from "@vigil/aws";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/testing";
import { decisionActionId, encodeRemediationRef, FINDING_EVENT_DETAIL_TYPE, FINDING_EVENT_SOURCE } from "@vigil/core";
import { testEvent } from "@vigil/core/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type SlackSecretName, secretArnVariable } from "./shared/slack-secrets.ts";
import { slackSignature } from "./slack-actions/signature.ts";
import { lambdaContext, sqsRecord } from "./testing/lambda-events.ts";
import { awaitingApproval } from "./testing/remediation-records.ts";

// Lambda's environment, before the tracer and the X-Ray SDK load: tracing is on only inside Lambda.
const LAMBDA_ENVIRONMENT = vi.hoisted(() => {
  const environment: Record<string, string> = {
    AWS_EXECUTION_ENV: "AWS_Lambda_nodejs24.x",
    LAMBDA_TASK_ROOT: "/var/task",
    AWS_LAMBDA_FUNCTION_NAME: "vigil-test",
    _X_AMZN_TRACE_ID: "Root=1-6750a0c0-0123456789abcdef01234567;Parent=53995c3f42cd8ad8;Sampled=1",
    AWS_XRAY_CONTEXT_MISSING: "IGNORE_ERROR",
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "local",
    AWS_SECRET_ACCESS_KEY: "local",
    POWERTOOLS_METRICS_DISABLED: "true",
  };
  const before = Object.fromEntries(Object.keys(environment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, environment);
  return { before };
});

const SECRET_PATH = "XOXO4real5ecretPart9";
const SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const RESPONSE_TOKEN = "respTok3nSecretQ7";
const APPROVER = "U0APPROVER";

/** Collects what a server was sent, answering with `answer`. */
function httpServer(answer: (request: IncomingMessage, body: string) => { status: number; body: string }) {
  const server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk: Buffer) => {
      body += chunk.toString("utf8");
    });
    request.on("end", () => {
      const { status, body: text } = answer(request, body);
      response.writeHead(status, { "content-type": "application/x-amz-json-1.1" }).end(text);
    });
  });
  return new Promise<Server>((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}
const urlOf = (server: Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
const closed = (server: Server) => new Promise((resolve) => server.close(resolve));

describe("Slack secrets in telemetry", () => {
  let slack: Server;
  let secretsManager: Server;
  let daemon: Socket;
  let table: LocalFindingsTable;
  const datagrams: string[] = [];
  const output: string[] = [];
  let secrets: Record<SlackSecretName, string>;
  const slackCalls: string[] = [];
  let slackAnswer = { status: 200, body: "ok" };

  beforeAll(async () => {
    slack = await httpServer((request) => {
      slackCalls.push(request.url ?? "");
      return slackAnswer;
    });
    secrets = {
      SlackWebhookUrl: `${urlOf(slack)}/services/T0TEAM/B0HOOK/${SECRET_PATH}`,
      SlackBotToken: "",
      SlackSigningSecret: SIGNING_SECRET,
    };
    // Secrets Manager's JSON protocol: GetSecretValue by ARN; a secret without a value is ResourceNotFound.
    secretsManager = await httpServer((request, body) => {
      const { SecretId } = JSON.parse(body) as { SecretId: string };
      const name = (Object.keys(secrets) as SlackSecretName[]).find((each) => SecretId.endsWith(`:${each}`));
      if (request.headers["x-amz-target"] !== "secretsmanager.GetSecretValue" || !name || !secrets[name]) {
        return { status: 400, body: JSON.stringify({ __type: "ResourceNotFoundException", message: "no value" }) };
      }
      return { status: 200, body: JSON.stringify({ ARN: SecretId, Name: name, SecretString: secrets[name] }) };
    });
    daemon = createSocket("udp4");
    daemon.on("message", (message) => datagrams.push(message.toString("utf8")));
    await new Promise<void>((resolve) => daemon.bind(0, "127.0.0.1", resolve));
    table = await startLocalFindingsTable();
    const tableEndpoint = await table.dynamodb.config.endpoint?.();
    const arn = (name: SlackSecretName) => `arn:aws:secretsmanager:us-east-1:123456789012:secret:${name}`;
    Object.assign(process.env, {
      AWS_XRAY_DAEMON_ADDRESS: `127.0.0.1:${daemon.address().port}`,
      AWS_ENDPOINT_URL_SECRETS_MANAGER: urlOf(secretsManager),
      AWS_ENDPOINT_URL_DYNAMODB: `http://${tableEndpoint?.hostname}:${tableEndpoint?.port}`,
      FINDINGS_TABLE: table.tableName,
      REMEDIATE_QUEUE_URL: "http://127.0.0.1:9/queue/remediate",
      VIGIL_CONFIG: JSON.stringify({
        remediation: { approvers: [APPROVER], slackApp: { teamId: "T0TEAM", appId: "A0VIGIL" } },
      }),
      [secretArnVariable("SlackWebhookUrl")]: arn("SlackWebhookUrl"),
      [secretArnVariable("SlackBotToken")]: arn("SlackBotToken"),
      [secretArnVariable("SlackSigningSecret")]: arn("SlackSigningSecret"),
    });
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write.bind(stream) as (chunk: string | Uint8Array) => boolean;
      vi.spyOn(stream, "write").mockImplementation((chunk: string | Uint8Array) => {
        output.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        return write(chunk);
      });
    }
  });

  afterAll(async () => {
    vi.restoreAllMocks();
    daemon.close();
    await Promise.all([closed(slack), closed(secretsManager), table.close()]);
    for (const [name, value] of Object.entries(LAMBDA_ENVIRONMENT.before)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  });

  /** What must never appear: each secret whole and its distinctive part. */
  const secretTexts = () => [secrets.SlackWebhookUrl, SECRET_PATH, SIGNING_SECRET, RESPONSE_TOKEN];

  async function untilTraced(count: number): Promise<void> {
    for (let attempt = 0; attempt < 100 && datagrams.length < count; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  it("notify posts an alert through the webhook, and neither its logs nor its traces hold the webhook URL", async () => {
    const { handler } = await import("./notify/handler.ts");
    const body = JSON.stringify({
      id: "event-1",
      source: FINDING_EVENT_SOURCE,
      "detail-type": FINDING_EVENT_DETAIL_TYPE,
      detail: testEvent("new-failure"),
    });
    const result = await handler({ Records: [sqsRecord(body)] } as never, lambdaContext("vigil-notify") as never);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(slackCalls).toContain(`/services/T0TEAM/B0HOOK/${SECRET_PATH}`);
    // A webhook Slack no longer knows: the failure is logged, and the log names no secret either.
    slackAnswer = { status: 404, body: "no_service" };
    const failing = testEvent("new-failure", { resourceId: "arn:aws:lambda:us-east-1:123456789012:function:other" });
    await handler(
      { Records: [sqsRecord(JSON.stringify({ ...JSON.parse(body), id: "event-2", detail: failing }))] } as never,
      lambdaContext("vigil-notify") as never,
    );
    slackAnswer = { status: 200, body: "ok" };
    expect(output.join("\n")).toContain("no_service");
    await untilTraced(1);
    expect(datagrams.length).toBeGreaterThan(0);
    const seen = [...datagrams, ...output].join("\n");
    for (const secret of secretTexts()) expect(seen).not.toContain(secret);
    // The SDK calls are traced; Slack's HTTP call is not.
    expect(seen).toContain("GetSecretValue");
    expect(seen).not.toContain("/services/T0TEAM");
  });

  it("slack-actions verifies a click and answers through response_url, and neither its logs nor its traces hold a secret", async () => {
    const awaiting = awaitingApproval();
    await new RemediationRecords(table.client, table.tableName).create(awaiting);
    const { handler } = await import("./slack-actions/handler.ts");
    const payload = {
      type: "block_actions",
      api_app_id: "A0VIGIL",
      user: { id: APPROVER, username: "alice", team_id: "T0TEAM" },
      team: { id: "T0TEAM", domain: "example" },
      container: { type: "message", message_ts: "1764331200.000100", channel_id: "C0ALERTS" },
      channel: { id: "C0ALERTS", name: "alerts" },
      response_url: `https://hooks.slack.com/actions/T0TEAM/1/${RESPONSE_TOKEN}`,
      trigger_id: "1.2.3",
      actions: [
        {
          type: "button",
          action_id: decisionActionId("ignore"),
          block_id: "b1",
          value: encodeRemediationRef(awaiting.ref),
          action_ts: "1764331201.000200",
        },
      ],
    };
    const body = new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
    const timestamp = String(Math.floor(Date.now() / 1000));
    const request = (signature: string) => ({
      requestContext: { http: { method: "POST" } },
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        "x-slack-request-timestamp": timestamp,
        "x-slack-signature": signature,
      },
      body,
      isBase64Encoded: false,
    });
    // hooks.slack.com answered by the local Slack: the same fetch, on loopback.
    const fetchOnline = globalThis.fetch;
    vi.stubGlobal("fetch", (url: string, init: RequestInit) =>
      fetchOnline(String(url).replace("https://hooks.slack.com", urlOf(slack)), init),
    );
    const before = datagrams.length;
    const context = lambdaContext("vigil-slack-actions") as never;
    const accepted = await handler(request(slackSignature(SIGNING_SECRET, timestamp, body)) as never, context);
    expect(accepted).toMatchObject({ statusCode: 200 });
    const forged = await handler(request(slackSignature("not-the-secret", timestamp, body)) as never, context);
    expect(forged).toMatchObject({ statusCode: 401 });
    vi.unstubAllGlobals();
    expect(slackCalls).toContain(`/actions/T0TEAM/1/${RESPONSE_TOKEN}`);
    await untilTraced(before + 1);
    expect(datagrams.length).toBeGreaterThan(before);
    const seen = [...datagrams, ...output].join("\n");
    for (const secret of secretTexts()) expect(seen).not.toContain(secret);
  });
});
