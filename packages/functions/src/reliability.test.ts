/**
 * Reliability: 5,000 scripted change events, duplicated and out of order, through the whole path (ingest →
 * evaluate → stream → publish → bus → notify → Slack) with faults injected — 30% of AWS reads throttled past the
 * SDK's retries, 30% of Slack requests answered 429 (Retry-After) or 5xx, a crash in the middle of an evaluate
 * batch and of a notify batch, 20% of finding events delivered twice by the bus (at-least-once). No finding is lost (the table ends equal to the truth of the account's final state) and Slack never gets
 * the same message twice.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { BotSlackPoster } from "@vigil/aws";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type AccountChange, type EventDelivery, simulatePipeline } from "./testing/pipeline-simulation.ts";

const FUNCTIONS = 100;
const CHANGES = 2_500;
const T0 = Date.parse("2026-11-28T10:00:00.000Z");

/** A seeded generator, so that a failure replays exactly. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1_664_525 + 1_013_904_223) >>> 0;
    return state / 2 ** 32;
  };
}

interface SlackPost {
  readonly text: string;
  readonly observed: string;
  readonly threadTs?: string;
}

/** Slack's Web API on 127.0.0.1, answering 429 (with Retry-After) or 5xx to a share of requests. */
async function flakySlack(random: () => number, faultRate: number) {
  const posts: SlackPost[] = [];
  let faults = 0;
  const server: Server = createServer((request, response) => {
    let body = "";
    request.on("data", (chunk) => {
      body += chunk;
    });
    request.on("end", () => {
      const roll = random();
      if (roll < faultRate) {
        faults++;
        if (roll < faultRate / 2) {
          response.writeHead(429, { "retry-after": "1" });
          response.end();
        } else {
          response.writeHead(503);
          response.end("upstream unavailable");
        }
        return;
      }
      const message = JSON.parse(body) as {
        text: string;
        thread_ts?: string;
        blocks: { elements?: { text: string }[] }[];
      };
      const observed = JSON.stringify(message.blocks).match(/observed ([0-9T:.\-Z]+)/)?.[1] ?? "";
      posts.push({ text: message.text, observed, ...(message.thread_ts && { threadTs: message.thread_ts }) });
      response.setHeader("content-type", "application/json");
      response.end(
        JSON.stringify({ ok: true, channel: "C0VIGIL", ts: `1764324000.${String(posts.length).padStart(6, "0")}` }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, posts, faults: () => faults };
}

describe("reliability under faults", () => {
  let slack: Awaited<ReturnType<typeof flakySlack>>;
  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    slack = await flakySlack(seeded(7), 0.3);
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(async () => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
    await new Promise((resolve) => slack.server.close(resolve));
  });

  it("loses no finding and posts no Slack message twice", async () => {
    // 2,500 changes over 20 minutes; each reported by one to three events arriving up to 90 s late: 5,000 events.
    const changes: AccountChange[] = fc
      .sample(fc.record({ fn: fc.nat(FUNCTIONS - 1), offset: fc.nat(20 * 60_000), open: fc.boolean() }), {
        numRuns: CHANGES,
        seed: 11,
      })
      .map(({ fn, offset, open }) => ({ at: T0 + offset, fn, open }));
    const lateness = seeded(3);
    const events: EventDelivery[] = changes.flatMap((change, index) =>
      Array.from({ length: index % 2 === 0 ? 1 : 3 }, () => ({
        at: change.at + Math.floor(lateness() * 90_000),
        change,
      })),
    );
    expect(events).toHaveLength(5_000);

    const result = await simulatePipeline({
      functions: FUNCTIONS,
      changes,
      events,
      windowMs: 60_000,
      setTime: (ms) => vi.setSystemTime(ms),
      random: seeded(5),
      throttleRate: 0.3,
      crashAtBatch: 40,
      notifyCrashAtBatch: 5,
      duplicateRate: 0.2,
      slack: new BotSlackPoster("xoxb-test", { apiBaseUrl: slack.url, maxAttempts: 2, sleep: async () => {} }),
    });

    // The faults happened.
    expect(result.redeliveries.evaluate).toBeGreaterThan(100);
    expect(result.redeliveries.notify).toBeGreaterThan(0);
    expect(slack.faults()).toBeGreaterThan(100);
    // Nothing is left behind, and the table equals the truth of the final state.
    expect(result.leftOver).toBe(0);
    for (const { arn, stored, truth } of result.final) expect(stored, arn).toBe(truth);
    // Every finding event reached Slack exactly once.
    const keys = slack.posts.map((post) => `${post.text}|${post.observed}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(slack.posts).toHaveLength(result.published);
    expect(result.published).toBeGreaterThan(FUNCTIONS);
  }, 300_000);
});
