import type { SlackMessage } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { threadPoster } from "./slack-thread.ts";

const ref = {
  resourceId: "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
  ruleId: "dynamodb-pitr-disabled",
  observedAt: "2026-11-28T12:00:00.000Z",
};
const record = {
  ref,
  status: "skipped" as const,
  mode: "auto" as const,
  detail: "the resource is tagged vigil:remediate=never",
  resourceName: "orders",
  channels: ["C0ALERTS", "C0TEAM"],
  updatedAt: "2026-11-28T12:01:00.000Z",
};

describe("threadPoster", () => {
  it("answers in the alert's thread per channel, on its own where there is none, and reports failures", async () => {
    const posts: { text: string; target: unknown }[] = [];
    const errors: string[] = [];
    const post = threadPoster(
      {
        async post(message: SlackMessage, target) {
          if (target?.channel === "C0TEAM") throw new Error("channel_not_found");
          posts.push({ text: message.text, target });
          return { ts: "2" };
        },
      },
      { get: async (_resource, _rule, channel) => (channel === "C0ALERTS" ? { channel, ts: "1700.1" } : undefined) },
      (error, channel) => errors.push(`${channel}: ${(error as Error).message}`),
    );
    await post(record);
    expect(posts).toEqual([
      {
        text: "Not remediated: remediate dynamodb-pitr-disabled on orders",
        target: { channel: "C0ALERTS", threadTs: "1700.1" },
      },
    ]);
    expect(errors).toEqual(["C0TEAM: channel_not_found"]);
  });

  it("posts through a webhook (its own channel, no thread)", async () => {
    const targets: unknown[] = [];
    const poster = {
      async post(_message: SlackMessage, target?: unknown) {
        targets.push(target);
        return {};
      },
    };
    const post = threadPoster(poster, undefined, () => {});
    await post({ ...record, channels: [""] });
    expect(targets).toEqual([{}]);
  });
});
