import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { SlackMessage } from "@vigil/core";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { BotSlackPoster, SlackError, WebhookSlackPoster } from "./poster.ts";

interface Received {
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
}

interface Answer {
  readonly status?: number;
  readonly headers?: Record<string, string>;
  readonly body?: string;
  /** Never answer (for the timeout). */
  readonly hang?: boolean;
}

/** A stand-in for Slack on 127.0.0.1: answers from a script, records what it received. */
let server: Server;
let base: string;
let script: Answer[] = [];
let received: Received[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      received.push({ path: request.url ?? "", headers: request.headers, body: JSON.parse(body || "null") });
      const answer = script.shift() ?? { body: "ok" };
      if (answer.hang) return;
      response.writeHead(answer.status ?? 200, answer.headers ?? {});
      response.end(answer.body ?? "ok");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  script = [];
  received = [];
});

const MESSAGE: SlackMessage = {
  text: "New failure (high): Function URL accepts unauthenticated requests — orders-api",
  blocks: [{ type: "section", text: { type: "mrkdwn", text: "function URL with AuthType NONE" } }],
};
const TOKEN = "xoxb-secret-token-123";
const ok = (extra: object = {}) => ({ body: JSON.stringify({ ok: true, ...extra }) });

/** Records the waits asked for instead of waiting. */
function recordingSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

describe("WebhookSlackPoster", () => {
  it("posts the text and blocks as JSON", async () => {
    await new WebhookSlackPoster(`${base}/services/T0/B0/x`).post(MESSAGE);

    expect(received).toEqual([
      expect.objectContaining({ path: "/services/T0/B0/x", body: { text: MESSAGE.text, blocks: MESSAGE.blocks } }),
    ]);
    expect(received[0]?.headers["content-type"]).toBe("application/json; charset=utf-8");
  });

  it("refuses a URL that is not https", () => {
    expect(() => new WebhookSlackPoster("http://hooks.slack.com/services/x")).toThrow(SlackError);
  });

  it("waits Retry-After on a 429, then posts", async () => {
    script = [{ status: 429, headers: { "retry-after": "3" } }, { body: "ok" }];
    const { waits, sleep } = recordingSleep();

    await new WebhookSlackPoster(`${base}/hook`, { sleep }).post(MESSAGE);

    expect(waits).toEqual([3000]);
    expect(received).toHaveLength(2);
  });

  it("backs off after a 5xx, then posts", async () => {
    script = [{ status: 503 }, { status: 500 }, { body: "ok" }];
    const { waits, sleep } = recordingSleep();

    await new WebhookSlackPoster(`${base}/hook`, { sleep, backoffMs: 100, random: () => 1 }).post(MESSAGE);

    expect(waits).toEqual([100, 200]);
  });

  it("gives up after its attempts with a retryable error that names no secret", async () => {
    script = Array.from({ length: 3 }, () => ({ status: 502 }));
    const { sleep } = recordingSleep();
    const url = `${base}/services/T0/B0/very-secret-path`;

    const error = await new WebhookSlackPoster(url, { sleep, maxAttempts: 3 }).post(MESSAGE).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(SlackError);
    expect(error).toMatchObject({ retryable: true, status: 502 });
    expect(String((error as Error).message)).not.toContain("very-secret-path");
    expect(received).toHaveLength(3);
  });

  it.each([
    [404, "no_service", "SlackWebhookUrl"],
    [403, "invalid_token", "SlackWebhookUrl"],
    [410, "channel_is_archived", "unarchive"],
  ])("does not retry a %d %s, and says what to do", async (status, code, fix) => {
    script = [{ status, body: code }];

    await expect(new WebhookSlackPoster(`${base}/hook`).post(MESSAGE)).rejects.toMatchObject({
      code,
      retryable: false,
      status,
      fix: expect.stringContaining(fix),
    });
    expect(received).toHaveLength(1);
  });

  it("times out a request that never answers, and retries it", async () => {
    script = [{ hang: true }, { body: "ok" }];
    const { sleep } = recordingSleep();

    await new WebhookSlackPoster(`${base}/hook`, { sleep, timeoutMs: 200 }).post(MESSAGE);

    expect(received).toHaveLength(2);
  });
});

describe("BotSlackPoster", () => {
  const bot = (options = {}) => new BotSlackPoster(TOKEN, { apiBaseUrl: base, ...options });

  it("calls chat.postMessage with the token, the channel and the thread, and returns the message's ts", async () => {
    script = [ok({ channel: "C0VIGIL", ts: "1764324000.000100" })];

    const posted = await bot().post(MESSAGE, { channel: "C0VIGIL", threadTs: "1764320000.000001" });

    expect(posted).toEqual({ channel: "C0VIGIL", ts: "1764324000.000100" });
    expect(received[0]).toMatchObject({
      path: "/chat.postMessage",
      body: {
        channel: "C0VIGIL",
        text: MESSAGE.text,
        blocks: MESSAGE.blocks,
        thread_ts: "1764320000.000001",
        unfurl_links: false,
      },
    });
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  it("needs a channel", async () => {
    await expect(bot().post(MESSAGE)).rejects.toMatchObject({ code: "no_channel", retryable: false });
    expect(received).toHaveLength(0);
  });

  it("does not retry invalid_auth, and never shows the token", async () => {
    script = [{ body: JSON.stringify({ ok: false, error: "invalid_auth" }) }];

    const error = await bot()
      .post(MESSAGE, { channel: "C0VIGIL" })
      .catch((e: unknown) => e);

    expect(error).toMatchObject({
      name: "SlackError",
      code: "invalid_auth",
      retryable: false,
      fix: expect.stringContaining("SlackBotToken"),
    });
    expect(JSON.stringify(error)).not.toContain(TOKEN);
    expect(String((error as Error).message)).not.toContain(TOKEN);
    expect(received).toHaveLength(1);
  });

  it.each(["channel_not_found", "not_in_channel", "account_inactive", "token_revoked"])(
    "does not retry %s",
    async (code) => {
      script = [{ body: JSON.stringify({ ok: false, error: code }) }];

      await expect(bot().post(MESSAGE, { channel: "C0VIGIL" })).rejects.toMatchObject({ code, retryable: false });
      expect(received).toHaveLength(1);
    },
  );

  it("leaves Slack's internal errors to a later retry", async () => {
    script = [{ body: JSON.stringify({ ok: false, error: "internal_error" }) }];

    await expect(bot().post(MESSAGE, { channel: "C0VIGIL" })).rejects.toMatchObject({
      retryable: true,
      fix: undefined,
    });
  });

  it("waits Retry-After on a 429 and then posts", async () => {
    script = [{ status: 429, headers: { "retry-after": "1" } }, ok({ channel: "C0VIGIL", ts: "1.2" })];
    const { waits, sleep } = recordingSleep();

    const posted = await bot({ sleep }).post(MESSAGE, { channel: "C0VIGIL" });

    expect(waits).toEqual([1000]);
    expect(posted.ts).toBe("1.2");
  });

  it("fails at once, retryable, when Slack asks for a wait longer than it may take", async () => {
    script = [{ status: 429, headers: { "retry-after": "120" } }];

    await expect(bot().post(MESSAGE, { channel: "C0VIGIL" })).rejects.toMatchObject({
      code: "rate_limited",
      retryable: true,
    });
    expect(received).toHaveLength(1);
  });
});
