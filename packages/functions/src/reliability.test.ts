/**
 * Reliability: 5,000 scripted change events, duplicated and out of order, through the whole path (ingest →
 * evaluate → stream → publish → bus → notify → Slack) with as many invocations at once as deployed, latency
 * between each evaluation's live read and its writes and between each notify claim and its post, and faults
 * injected — 30% of AWS reads throttled past the SDK's retries (the messages that fail every receive go to the
 * dead-letter queue, redriven afterwards), 30% of Slack requests answered 429 (Retry-After) or 5xx, a crash in the
 * middle of an evaluate batch and of a notify batch, 20% of finding events delivered twice by the bus
 * (at-least-once). No finding is lost (the table ends equal to the truth of the account's final state) and Slack
 * never gets the same message twice — and without the store's ordering guard, the same run ends wrong.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { BotSlackPoster, FindingsStore, isFindingItem } from "@vigil/aws";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import {
  type AccountChange,
  type EventDelivery,
  type SimulationOptions,
  type SimulationResult,
  simulatePipeline,
} from "./testing/pipeline-simulation.ts";

const FUNCTIONS = 100;
const STORM_CHANGES = 2_150;
const WINDOW_MS = 60_000;
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

/**
 * 2,150 changes over 20 minutes, each reported by one to three events arriving up to 90 s late (the storm's
 * coalescing leaves a function read about once a window, rarely twice at once). Then each function ends with the
 * race the store's ordering guard is there for: its URL set (reported three times, so that the finding settles),
 * touched again without a change (reported three times within 300 ms, so that the evaluations run at once a window
 * later), and changed a last time among their live reads (reported once). The finding holds what the older reads
 * see, so the newer evaluation is the one that writes: the store's known limit — an older change overtaking a
 * newer repeat that the heartbeat leaves unwritten (finding.test.ts) — is not raced here.
 * 2,450 changes, 5,000 events.
 */
function scenario(): { changes: AccountChange[]; events: EventDelivery[] } {
  const jitter = seeded(3);
  const storm: AccountChange[] = fc
    .sample(fc.record({ fn: fc.nat(FUNCTIONS - 1), offset: fc.nat(20 * 60_000), open: fc.boolean() }), {
      numRuns: STORM_CHANGES,
      seed: 11,
    })
    .map(({ fn, offset, open }) => ({ at: T0 + offset, fn, open }));
  const reported = (change: AccountChange, times: number, lateMs: number) =>
    Array.from({ length: times }, () => ({ at: change.at + Math.floor(jitter() * lateMs), change }));
  const events = storm.flatMap((change, index) => reported(change, index % 2 === 0 ? 1 : 3, 90_000));
  const changes = [...storm];
  for (let fn = 0; fn < FUNCTIONS; fn++) {
    // A second apart: the races of different functions overlap, and the storm's redeliveries have come and gone.
    const settled: AccountChange = { at: T0 + 23 * 60_000 + fn * 1_000, fn, open: jitter() < 0.5 };
    const touched: AccountChange = { ...settled, at: settled.at + 4 * 60_000 };
    const last: AccountChange = { at: touched.at + WINDOW_MS + Math.floor(jitter() * 300), fn, open: !settled.open };
    changes.push(settled, touched, last);
    events.push(...reported(settled, 3, 300), ...reported(touched, 3, 300), ...reported(last, 1, 90_000));
  }
  return { changes, events };
}

interface Run {
  readonly result: SimulationResult;
  readonly posts: readonly SlackPost[];
  readonly slackFaults: number;
}

/** The scenario through the pipeline, with a flaky Slack of its own; `store` replaces evaluate's findings store. */
async function runScenario(store?: SimulationOptions["store"]): Promise<Run> {
  const slack = await flakySlack(seeded(7), 0.3);
  try {
    const result = await simulatePipeline({
      functions: FUNCTIONS,
      ...scenario(),
      windowMs: WINDOW_MS,
      setTime: (ms) => vi.setSystemTime(ms),
      random: seeded(5),
      // Within the functions' 30 s timeout for a full batch: 10 evaluations of four waits, 50 posts.
      evaluationLatencyMs: 700,
      postLatencyMs: 500,
      throttleRate: 0.3,
      crashAtBatch: 40,
      notifyCrashAtBatch: 5,
      duplicateRate: 0.2,
      redrives: 3,
      slack: new BotSlackPoster("xoxb-test", { apiBaseUrl: slack.url, maxAttempts: 2, sleep: async () => {} }),
      ...(store && { store }),
    });
    return { result, posts: slack.posts, slackFaults: slack.faults() };
  } finally {
    await new Promise((resolve) => slack.server.close(resolve));
  }
}

/** What the suite holds a run to, as the ways it failed: nothing here when the pipeline kept its promises. */
function brokenPromises({ result, posts }: Run) {
  const keys = posts.map((post) => `${post.text}|${post.observed}`);
  return {
    // The table ends equal to the truth of the account's final state.
    wrongFindings: result.final
      .filter(({ stored, truth }) => stored !== truth)
      .map(({ arn, stored, truth }) => `${arn}: ${stored ?? "no finding"}, truth ${truth}`),
    // Nothing is left behind on a queue or its dead letters.
    leftOver: result.leftOver,
    // Every finding event reached Slack exactly once.
    repeatedPosts: keys.filter((key, index) => keys.indexOf(key) !== index),
    postsMinusEvents: posts.length - result.published,
  };
}

/**
 * The findings table as a store without its ordering guard sees it: findings read back as read at the epoch (so
 * that `transition` never finds the stored one newer) and written without the `observedAt` condition. The version
 * condition stays, so concurrent writers still take turns: the last one wins, whenever it read.
 */
function withoutOrderingGuard(client: DynamoDBDocumentClient): DynamoDBDocumentClient {
  const readAtEpoch = (item: Record<string, unknown>) =>
    isFindingItem(item) ? { ...item, observedAt: new Date(0).toISOString() } : item;
  return new Proxy(client, {
    get: (target, property, receiver) => {
      if (property !== "send") return Reflect.get(target, property, receiver);
      return async (command: unknown) => {
        if (command instanceof PutCommand && command.input.ConditionExpression?.includes("#observedAt")) {
          const { "#observedAt": _name, ...names } = command.input.ExpressionAttributeNames ?? {};
          const { ":observedAt": _value, ...values } = command.input.ExpressionAttributeValues ?? {};
          return target.send(
            new PutCommand({
              ...command.input,
              ConditionExpression: command.input.ConditionExpression.replace(" AND #observedAt < :observedAt", ""),
              ExpressionAttributeNames: names,
              ExpressionAttributeValues: values,
            }),
          );
        }
        if (command instanceof GetCommand) {
          const output = await target.send(command);
          return output.Item ? { ...output, Item: readAtEpoch(output.Item) } : output;
        }
        if (command instanceof QueryCommand) {
          const output = await target.send(command);
          return { ...output, Items: output.Items?.map(readAtEpoch) };
        }
        return target.send(command as never);
      };
    },
  });
}

describe("reliability under faults, with invocations at once", () => {
  beforeAll(() => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    vi.stubEnv("POWERTOOLS_LOG_LEVEL", "SILENT");
    vi.useFakeTimers({ toFake: ["Date"] });
  });
  afterAll(() => {
    vi.useRealTimers();
    vi.unstubAllEnvs();
  });

  it("loses no finding and posts no Slack message twice", async () => {
    const { changes, events } = scenario();
    expect([changes.length, events.length]).toEqual([2_450, 5_000]);
    const run = await runScenario();

    // The faults happened.
    expect(run.result.redeliveries.evaluate).toBeGreaterThan(100);
    expect(run.result.redeliveries.notify).toBeGreaterThan(0);
    expect(run.result.deadLettered.evaluate).toBeGreaterThan(0);
    expect(run.slackFaults).toBeGreaterThan(100);
    expect(run.result.published).toBeGreaterThan(FUNCTIONS);
    // The race happened: evaluations of one resource wrote out of order, and the guard refused the older ones.
    expect(run.result.staleWrites).toBeGreaterThan(0);
    expect(brokenPromises(run)).toEqual({ wrongFindings: [], leftOver: 0, repeatedPosts: [], postsMinusEvents: 0 });
  }, 300_000);

  it("catches a store without its ordering guard: the same run ends with wrong findings", async () => {
    const run = await runScenario((client, tableName) => new FindingsStore(withoutOrderingGuard(client), tableName));
    expect(brokenPromises(run).wrongFindings).not.toEqual([]);
  }, 300_000);
});
