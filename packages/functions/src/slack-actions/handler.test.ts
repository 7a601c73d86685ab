import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { ScanCommand } from "@aws-sdk/lib-dynamodb";
import { AuditLog, ExemptionStore, RemediationRecords, SlackReplayGuard } from "@vigil/aws";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/testing";
import {
  decisionActionId,
  encodeRemediationRef,
  type RemediationDecision,
  type RemediationRef,
  type SlackMessage,
} from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext } from "../testing/lambda-events.ts";
import { awaitingApproval } from "../testing/remediation-records.ts";
import { createSlackActionsHandler, type FunctionUrlRequest } from "./handler.ts";
import { TableDecisionRecorder } from "./recorder.ts";
import { slackSignature } from "./signature.ts";

// Slack's documented example secret (api.slack.com/authentication/verifying-requests-from-slack).
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const APPROVER = "U0APPROVER";
const SLACK_APP = { teamId: "T0TEAM", appId: "A0VIGIL" };
const NOW = new Date("2026-11-28T12:00:00.000Z");
const nowSeconds = Math.floor(NOW.getTime() / 1000);

const awaiting = awaitingApproval();
const { ref } = awaiting;

/** Slack's `block_actions` payload for a click on one of Vigil's buttons, form-encoded as Slack posts it. */
function clickBody(decision: RemediationDecision, overrides: Record<string, unknown> = {}): string {
  const payload = {
    type: "block_actions",
    api_app_id: "A0VIGIL",
    user: { id: APPROVER, username: "alice", team_id: "T0TEAM" },
    team: { id: "T0TEAM", domain: "example" },
    container: { type: "message", message_ts: "1764331200.000100", channel_id: "C0ALERTS" },
    channel: { id: "C0ALERTS", name: "alerts" },
    response_url: "https://hooks.slack.com/actions/T0TEAM/1/abc",
    trigger_id: "1.2.3",
    actions: [
      {
        type: "button",
        action_id: decisionActionId(decision),
        block_id: "b1",
        value: encodeRemediationRef(ref),
        action_ts: "1764331201.000200",
      },
    ],
    ...overrides,
  };
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

function request(
  body: string,
  options: { timestamp?: number; secret?: string; method?: string; headers?: Record<string, string> } = {},
): FunctionUrlRequest {
  const timestamp = String(options.timestamp ?? nowSeconds);
  return {
    requestContext: { http: { method: options.method ?? "POST" } },
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": slackSignature(options.secret ?? SECRET, timestamp, body),
      ...options.headers,
    },
    body,
    isBase64Encoded: false,
  };
}

describe("slack-actions handler (through its middy chain, dynalite stores)", () => {
  let local: LocalFindingsTable;
  let records: RemediationRecords;
  let approvals: RemediationRef[];
  let updates: { url: string; message: SlackMessage }[];
  let handler: ReturnType<typeof createSlackActionsHandler>;
  let signingSecret: string | undefined;
  let slackApp: typeof SLACK_APP | undefined;

  beforeEach(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    local = await startLocalFindingsTable();
    records = new RemediationRecords(local.client, local.tableName);
    await records.create(awaiting);
    approvals = [];
    updates = [];
    signingSecret = SECRET;
    slackApp = SLACK_APP;
    const audit = new AuditLog(local.client, local.tableName);
    handler = createSlackActionsHandler({
      dependencies: () => ({
        signingSecret,
        slackApp,
        approvers: [APPROVER],
        replayGuard: new SlackReplayGuard(local.client, local.tableName),
        recorder: new TableDecisionRecorder(
          records,
          new ExemptionStore(local.client, local.tableName, audit),
          audit,
          async (approved) => {
            approvals.push(approved);
          },
        ),
        updateMessage: async (url, message) => {
          updates.push({ url, message });
        },
      }),
      clock: () => NOW,
      logger: new Logger({ serviceName: "vigil-slack-actions", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "VigilTest", serviceName: "vigil-slack-actions" }),
    });
  });
  afterEach(async () => {
    vi.unstubAllEnvs();
    await local.close();
  });

  const invoke = (event: FunctionUrlRequest) => handler(event as never, lambdaContext("vigil-slack-actions") as never);

  /** Every item in the table but the awaiting record created before the test. */
  async function recorded(): Promise<Record<string, unknown>[]> {
    const { Items = [] } = await local.client.send(new ScanCommand({ TableName: local.tableName }));
    return Items.filter(
      (item) => !String(item.sk).startsWith("REMEDIATION#") || item.recordStatus !== "awaiting-approval",
    );
  }

  it("refuses a signed click from another workspace or through another app: nothing is recorded", async () => {
    for (const overrides of [{ team: { id: "T0OTHER", domain: "other" } }, { api_app_id: "A0OTHERAPP" }]) {
      const response = await invoke(request(clickBody("approve", overrides)));
      expect(response.statusCode).toBe(403);
    }
    expect(await recorded()).toEqual([]);
    expect(approvals).toEqual([]);
  });

  it("refuses every click while remediation.slackApp is unset", async () => {
    slackApp = undefined;
    expect((await invoke(request(clickBody("approve")))).statusCode).toBe(403);
    expect(await recorded()).toEqual([]);
  });

  it("records an Approve once and hands it to the remediator", async () => {
    const response = await invoke(request(clickBody("approve")));
    expect(response.statusCode).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({
      response_type: "ephemeral",
      text: expect.stringContaining("Approved"),
    });
    expect((await records.get(ref))?.status).toBe("approved");
    expect(approvals).toEqual([ref]);
  });

  it("replaces the clicked message, buttons and all, with who decided what", async () => {
    await invoke(request(clickBody("exempt")));
    expect(updates).toHaveLength(1);
    expect(updates[0]?.url).toBe("https://hooks.slack.com/actions/T0TEAM/1/abc");
    expect(updates[0]?.message.text).toContain("Exempted:");
    expect(updates[0]?.message.blocks.some((block) => block.type === "actions")).toBe(false);
    expect(JSON.stringify(updates[0]?.message.blocks)).toContain(`<@${APPROVER}>`);
  });

  it("records Exempt 30 days and Ignore", async () => {
    expect((await invoke(request(clickBody("exempt")))).statusCode).toBe(200);
    expect((await records.get(ref))?.status).toBe("exempted");
    const items = await recorded();
    expect(items.some((item) => item.pk === "EXEMPTION")).toBe(true);

    await records.create({ ...awaiting, ref: { ...ref, observedAt: "2026-11-28T11:56:00.000Z" } });
    const ignoreBody = clickBody("ignore", {
      actions: [
        {
          action_id: decisionActionId("ignore"),
          value: encodeRemediationRef({ ...ref, observedAt: "2026-11-28T11:56:00.000Z" }),
        },
      ],
    });
    expect((await invoke(request(ignoreBody))).statusCode).toBe(200);
    expect((await records.get({ ...ref, observedAt: "2026-11-28T11:56:00.000Z" }))?.status).toBe("ignored");
    expect(approvals).toEqual([]);
  });

  it("accepts a base64-encoded body (function URLs may encode it), signed over the decoded bytes", async () => {
    const body = clickBody("approve");
    const signed = request(body);
    const response = await invoke({ ...signed, body: Buffer.from(body).toString("base64"), isBase64Encoded: true });
    expect(response.statusCode).toBe(200);
  });

  const refusals: [string, () => FunctionUrlRequest, number][] = [
    [
      "a bad signature",
      () => request(clickBody("approve"), { headers: { "x-slack-signature": `v0=${"0".repeat(64)}` } }),
      401,
    ],
    ["a signature made with another secret", () => request(clickBody("approve"), { secret: "not-the-secret" }), 401],
    ["a body changed after signing", () => ({ ...request(clickBody("approve")), body: clickBody("ignore") }), 401],
    ["a stale timestamp (301 s old)", () => request(clickBody("approve"), { timestamp: nowSeconds - 301 }), 401],
    ["a future timestamp (301 s ahead)", () => request(clickBody("approve"), { timestamp: nowSeconds + 301 }), 401],
    [
      "missing signature headers",
      () => ({ requestContext: { http: { method: "POST" } }, headers: {}, body: clickBody("approve") }),
      401,
    ],
    [
      "a missing timestamp header",
      () => {
        const { "x-slack-request-timestamp": _omitted, ...headers } = request(clickBody("approve")).headers ?? {};
        return { requestContext: { http: { method: "POST" } }, headers, body: clickBody("approve") };
      },
      401,
    ],
    [
      "a non-numeric timestamp",
      () => request(clickBody("approve"), { headers: { "x-slack-request-timestamp": "soon" } }),
      401,
    ],
    [
      "a malformed signature header",
      () => request(clickBody("approve"), { headers: { "x-slack-signature": "sha1=abc" } }),
      401,
    ],
    [
      "an unauthorised user",
      () => request(clickBody("approve", { user: { id: "U0MALLORY", username: "mallory" } })),
      403,
    ],
    ["a body that is not form-encoded JSON", () => request("payload=%7Bnot-json"), 400],
    ["a body without payload", () => request("token=abc"), 400],
    [
      "an unknown action",
      () => request(clickBody("approve", { actions: [{ action_id: "delete.everything", value: "x" }] })),
      400,
    ],
    [
      "a button value that names no remediation",
      () => request(clickBody("approve", { actions: [{ action_id: decisionActionId("approve"), value: '["a"]' }] })),
      400,
    ],
    [
      "two actions at once",
      () =>
        request(
          clickBody("approve", {
            actions: [
              { action_id: decisionActionId("approve"), value: encodeRemediationRef(ref) },
              { action_id: decisionActionId("ignore"), value: encodeRemediationRef(ref) },
            ],
          }),
        ),
      400,
    ],
    [
      "a view submission instead of a button click",
      () => request(clickBody("approve", { type: "view_submission" })),
      400,
    ],
    [
      "a response_url off Slack's host",
      () => request(clickBody("approve", { response_url: "https://attacker.example/collect" })),
      400,
    ],
    ["a GET", () => request(clickBody("approve"), { method: "GET" }), 405],
    ["an oversized body", () => request(`payload=${"x".repeat(70_000)}`), 413],
  ];

  it.each(refusals)("refuses %s with the right status and records nothing", async (_case, event, status) => {
    const response = await invoke(event());
    expect(response.statusCode).toBe(status);
    expect(await recorded()).toEqual([]);
    expect((await records.get(ref))?.status).toBe("awaiting-approval");
    expect(approvals).toEqual([]);
    expect(updates).toEqual([]);
  });

  it("refuses every request while the signing secret is unset", async () => {
    signingSecret = undefined;
    expect((await invoke(request(clickBody("approve")))).statusCode).toBe(401);
    expect(await recorded()).toEqual([]);
  });

  it("refuses a replay of an accepted request: only the first is recorded", async () => {
    const event = request(clickBody("approve"));
    expect((await invoke(event)).statusCode).toBe(200);
    const before = await recorded();
    const replay = await invoke(event);
    expect(replay.statusCode).toBe(409);
    expect(await recorded()).toEqual(before);
    expect(approvals).toEqual([ref]);
  });

  it("a second click finds the remediation decided and records nothing new", async () => {
    expect((await invoke(request(clickBody("approve")))).statusCode).toBe(200);
    const second = await invoke(request(clickBody("ignore"), { timestamp: nowSeconds + 1 }));
    expect(JSON.parse(second.body).text).toContain("already decided");
    expect((await records.get(ref))?.status).toBe("approved");
  });
});
