import type { AlertThread, SlackPoster } from "@vigil/aws";
import { type SlackMessage, slackRoutingSchema } from "@vigil/core";
import { T2, testEvent } from "@vigil/core/testing";
import { describe, expect, it } from "vitest";
import type { ClaimResult } from "./claims.ts";
import { type Claims, Notifier, type NotifyProblem, type NotifyRequest, type ThreadStore } from "./notifier.ts";

interface Post {
  readonly message: SlackMessage;
  readonly channel?: string;
  readonly threadTs?: string;
}

/** A poster that records what it is asked to post; `failing` makes every post throw. */
function recordingPoster(options: { failing?: boolean } = {}): SlackPoster & { posts: Post[] } {
  const posts: Post[] = [];
  return {
    posts,
    async post(message, target = {}) {
      if (options.failing) throw new Error("Slack answered 503");
      posts.push({ message, ...target });
      return { channel: target.channel ?? "C-webhook", ts: `ts-${posts.length}` };
    },
  };
}

/** Claims in memory, with the same three outcomes as the Powertools-backed ones. */
class MemoryClaims implements Claims {
  readonly state = new Map<string, "in-progress" | "completed">();
  async claim(key: string): Promise<ClaimResult> {
    const current = this.state.get(key);
    if (current === "completed") return "delivered";
    if (current === "in-progress") return "busy";
    this.state.set(key, "in-progress");
    return "claimed";
  }
  async complete(key: string) {
    this.state.set(key, "completed");
  }
  async release(key: string) {
    this.state.delete(key);
  }
}

class MemoryThreads implements ThreadStore {
  readonly threads = new Map<string, AlertThread>();
  failPuts = false;
  async get(resourceId: string, ruleId: string, channel: string) {
    return this.threads.get(`${resourceId}|${ruleId}|${channel}`);
  }
  async put(resourceId: string, ruleId: string, thread: AlertThread) {
    if (this.failPuts) throw new Error("table unavailable");
    this.threads.set(`${resourceId}|${ruleId}|${thread.channel}`, thread);
  }
}

let recordCounter = 0;
const request = (detail = testEvent("new-failure")): NotifyRequest => ({ recordId: `r-${++recordCounter}`, detail });
const remaining = () => 30_000;
const routing = (input: object = {}) => slackRoutingSchema.parse(input);
const functionNamed = (name: string) => `arn:aws:lambda:eu-west-1:123456789012:function:${name}`;

describe("Notifier", () => {
  it("posts one alert per event below the digest threshold", async () => {
    const poster = recordingPoster();
    const notifier = new Notifier({ poster, routing: routing({ digestThreshold: 3 }), claims: new MemoryClaims() });

    const outcome = await notifier.notify(
      [request(), request(testEvent("regression", { ruleId: "lambda-runtime-deprecated" }))],
      remaining,
    );

    expect(outcome).toMatchObject({ alerts: 2, digests: 0, duplicates: 0 });
    expect(outcome.failedRecords.size).toBe(0);
    expect(poster.posts).toHaveLength(2);
    expect(poster.posts[0]?.channel).toBeUndefined(); // a webhook's own channel
  });

  it("posts one digest per channel when the threshold is reached", async () => {
    const poster = recordingPoster();
    const notifier = new Notifier({ poster, routing: routing({ digestThreshold: 3 }), claims: new MemoryClaims() });
    const burst = ["a", "b", "c", "d"].map((name) =>
      request(testEvent("new-failure", { resourceId: functionNamed(name), resourceName: name })),
    );

    const outcome = await notifier.notify(burst, remaining);

    expect(outcome).toMatchObject({ alerts: 0, digests: 1 });
    expect(poster.posts).toHaveLength(1);
    for (const name of ["a", "b", "c", "d"]) expect(JSON.stringify(poster.posts[0]?.message)).toContain(name);
  });

  it("never posts a delivery twice: a retried record finds it delivered", async () => {
    const poster = recordingPoster();
    const claims = new MemoryClaims();
    const notifier = new Notifier({ poster, routing: routing(), claims });
    const once = request();

    await notifier.notify([once], remaining);
    const retried = await notifier.notify([once], remaining);

    expect(poster.posts).toHaveLength(1);
    expect(retried).toMatchObject({ alerts: 0, duplicates: 1 });
    expect(retried.failedRecords.size).toBe(0);
  });

  it("returns a record whose delivery another invocation is making, without posting", async () => {
    const poster = recordingPoster();
    const claims = new MemoryClaims();
    const event = request();
    claims.state.set(`${event.detail.transitionId}|`, "in-progress");

    const outcome = await new Notifier({ poster, routing: routing(), claims }).notify([event], remaining);

    expect([...outcome.failedRecords]).toEqual([event.recordId]);
    expect(poster.posts).toHaveLength(0);
  });

  it("releases the claim and fails the record when Slack refuses, so a retry posts it", async () => {
    const claims = new MemoryClaims();
    const problems: NotifyProblem[] = [];
    const event = request();

    const failed = await new Notifier({
      poster: recordingPoster({ failing: true }),
      routing: routing(),
      claims,
      onProblem: (problem) => problems.push(problem),
    }).notify([event], remaining);

    expect([...failed.failedRecords]).toEqual([event.recordId]);
    expect(claims.state.size).toBe(0);
    expect(problems).toEqual([expect.objectContaining({ stage: "post", transitionId: event.detail.transitionId })]);

    const poster = recordingPoster();
    await new Notifier({ poster, routing: routing(), claims }).notify([event], remaining);
    expect(poster.posts).toHaveLength(1);
  });

  it("routes by severity with a bot token, and answers a resolution in the alert's thread", async () => {
    const poster = recordingPoster();
    const threads = new MemoryThreads();
    const notifier = new Notifier({
      poster,
      routing: routing({
        defaultChannel: "C0ALL000",
        routes: [{ channel: "C0URGENT", severities: ["critical", "high"] }],
      }),
      claims: new MemoryClaims(),
      threads,
    });

    await notifier.notify([request()], remaining);
    await notifier.notify(
      [request(testEvent("resolved", { status: "passing", observedAt: T2 }, { status: "failing", severity: "high" }))],
      remaining,
    );

    expect(poster.posts.map(({ channel, threadTs }) => ({ channel, threadTs }))).toEqual([
      { channel: "C0URGENT", threadTs: undefined },
      { channel: "C0URGENT", threadTs: "ts-1" },
    ]);
  });

  it("posts the resolution on its own when the thread is unknown, and a lost thread fails nothing", async () => {
    const poster = recordingPoster();
    const threads = new MemoryThreads();
    threads.failPuts = true;
    const problems: NotifyProblem[] = [];
    const notifier = new Notifier({
      poster,
      routing: routing({ defaultChannel: "C0ALL000" }),
      claims: new MemoryClaims(),
      threads,
      onProblem: (problem) => problems.push(problem),
    });

    const opened = await notifier.notify([request()], remaining);
    await notifier.notify([request(testEvent("resolved", { status: "passing", observedAt: T2 }))], remaining);

    expect(opened.failedRecords.size).toBe(0);
    expect(problems.map((problem) => problem.stage)).toEqual(["thread"]);
    expect(poster.posts.map((post) => post.threadTs)).toEqual([undefined, undefined]);
  });

  it("with a webhook, posts each event once whatever the routes say (the webhook fixes the channel)", async () => {
    const poster = recordingPoster();
    const notifier = new Notifier({
      poster,
      routing: routing({ routes: [{ channel: "C0ONE000" }, { channel: "C0TWO000" }] }),
      claims: new MemoryClaims(),
    });

    await notifier.notify([request()], remaining);

    expect(poster.posts).toHaveLength(1);
    expect(poster.posts[0]?.channel).toBeUndefined();
  });
});
