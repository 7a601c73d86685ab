import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { BotSlackPoster, type SlackPoster, WebhookSlackPoster } from "@vigil/aws";
import { FINDING_EVENT_DETAIL_TYPE, FINDING_EVENT_SOURCE, slackRoutingSchema } from "@vigil/core";
import { testEvent } from "@vigil/core/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext, sqsRecord } from "../testing/lambda-events.ts";
import type { ClaimResult } from "./claims.ts";
import { createNotifyHandler } from "./handler.ts";
import { SLACK_PERMANENT_FAILURES } from "./metrics.ts";
import { Notifier } from "./notifier.ts";

/** A stand-in for Slack on 127.0.0.1 that answers every request the same way, and counts them. */
let server: Server;
let base: string;
let answer: { status: number; body: string };
let requests = 0;

beforeAll(async () => {
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
  server = createServer((request, response) => {
    request.resume();
    request.on("end", () => {
      requests++;
      response.writeHead(answer.status, { "content-type": "text/plain" });
      response.end(answer.body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  vi.unstubAllEnvs();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  requests = 0;
});

/** The real middy chain around a notifier posting to the stand-in; its logger and metrics are watched. */
function notifyHandler(poster: SlackPoster, routing: object = {}) {
  // With a bot token production keeps threads, which is also what routes alerts to channels.
  const threads = poster instanceof BotSlackPoster ? { get: async () => undefined, put: async () => {} } : undefined;
  const logger = new Logger({ serviceName: "vigil-notify", logLevel: "SILENT" });
  const metrics = new Metrics({ namespace: "Vigil", serviceName: "vigil-notify" });
  const errors = vi.spyOn(logger, "error");
  const counted = vi.spyOn(metrics, "addMetric");
  const claimed = new Set<string>();
  const claims = {
    claim: async (key: string): Promise<ClaimResult> => {
      if (claimed.has(key)) return "busy";
      claimed.add(key);
      return "claimed";
    },
    complete: async () => {},
    release: async (key: string) => void claimed.delete(key),
  };
  const handler = createNotifyHandler({
    logger,
    metrics,
    notifier: () =>
      new Notifier({ poster, routing: slackRoutingSchema.parse(routing), claims, ...(threads && { threads }) }),
  });
  const records = [1, 2].map((n) =>
    sqsRecord(
      JSON.stringify({
        id: `event-${n}`,
        source: FINDING_EVENT_SOURCE,
        "detail-type": FINDING_EVENT_DETAIL_TYPE,
        detail: testEvent("new-failure", { resourceId: `arn:aws:lambda:eu-west-1:123456789012:function:f${n}` }),
      }),
    ),
  );
  const run = () => handler({ Records: records }, lambdaContext("vigil-notify") as never);
  const permanentFailures = () =>
    counted.mock.calls.filter(([name]) => name === SLACK_PERMANENT_FAILURES).reduce((sum, [, , n]) => sum + n, 0);
  return { run, errors, permanentFailures, records };
}

const noWait = { sleep: async () => {}, maxAttempts: 2 };
const bot = () => new BotSlackPoster("xoxb-test", { ...noWait, apiBaseUrl: base });
const webhook = () => new WebhookSlackPoster(`${base}/services/T0/B0/x`, noWait);

describe("notify handler: Slack errors no retry can fix", () => {
  it.each([
    ["invalid_auth", "SlackBotToken"],
    ["channel_not_found", "defaultChannel"],
    ["not_in_channel", "/invite"],
    ["account_inactive", "SlackBotToken"],
  ])("drops the batch's alerts on %s, logs the fix once and counts them", async (code, fix) => {
    answer = { status: 200, body: JSON.stringify({ ok: false, error: code }) };
    const { run, errors, permanentFailures } = notifyHandler(bot(), { defaultChannel: "#alerts" });

    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(requests).toBe(2);
    expect(errors.mock.calls).toEqual([
      [
        expect.stringContaining("dropped"),
        expect.objectContaining({ code, channel: "#alerts", fix: expect.stringContaining(fix) }),
      ],
    ]);
    expect(permanentFailures()).toBe(2);
  });

  it.each([
    [404, "no_service"],
    [403, "invalid_token"],
    [410, "channel_is_archived"],
  ])("drops on a webhook's %d %s", async (status, code) => {
    answer = { status, body: code };
    const { run, errors, permanentFailures } = notifyHandler(webhook());

    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(errors.mock.calls).toEqual([
      [expect.any(String), expect.objectContaining({ code, fix: expect.any(String) })],
    ]);
    expect(permanentFailures()).toBe(2);
  });

  it("drops alerts a bot token has no channel for, saying to set the default channel", async () => {
    answer = { status: 200, body: JSON.stringify({ ok: true, ts: "1.2" }) };
    const { run, errors, permanentFailures } = notifyHandler(bot());

    expect(await run()).toEqual({ batchItemFailures: [] });
    expect(requests).toBe(0);
    expect(errors.mock.calls[0]?.[1]).toMatchObject({
      code: "no_channel",
      fix: expect.stringContaining("defaultChannel"),
    });
    expect(permanentFailures()).toBe(2);
  });

  it("still returns the records of a failure a retry may fix, uncounted", async () => {
    answer = { status: 503, body: "unavailable" };
    const { run, permanentFailures, records } = notifyHandler(webhook());

    expect(await run()).toEqual({ batchItemFailures: records.map((r) => ({ itemIdentifier: r.messageId })) });
    expect(requests).toBe(4);
    expect(permanentFailures()).toBe(0);
  });
});
