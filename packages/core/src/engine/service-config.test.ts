import { describe, expect, it } from "vitest";
import { ConfigError, parseVigilConfig } from "./config.ts";

describe("parseVigilConfig: service section", () => {
  it("defaults the service settings when the section is absent", () => {
    expect(parseVigilConfig({}).service).toEqual({
      coalescingWindowSeconds: 60,
      sweepSchedule: "rate(1 day)",
      slack: { digestThreshold: 5, routes: [] },
    });
  });

  it("keeps the values given", () => {
    const config = parseVigilConfig({
      service: {
        coalescingWindowSeconds: 120,
        sweepSchedule: "cron(0 3 * * ? *)",
        homeRegion: "eu-west-1",
        slack: {
          digestThreshold: 3,
          defaultChannel: "C0123ABCD",
          routes: [{ channel: "#oncall", severities: ["critical"] }],
        },
      },
    });
    expect(config.service).toEqual({
      coalescingWindowSeconds: 120,
      sweepSchedule: "cron(0 3 * * ? *)",
      homeRegion: "eu-west-1",
      slack: {
        digestThreshold: 3,
        defaultChannel: "C0123ABCD",
        routes: [{ channel: "#oncall", severities: ["critical"] }],
      },
    });
  });

  it.each([
    [{ coalescingWindowSeconds: 901 }, /^service\.coalescingWindowSeconds: SQS delays at most 900 seconds$/m],
    [{ coalescingWindowSeconds: "60" }, /^service\.coalescingWindowSeconds: /m],
    [{ sweepSchedule: "daily" }, /^service\.sweepSchedule: an EventBridge schedule/m],
    [{ homeRegion: "Europe" }, /^service\.homeRegion: an AWS region/m],
    [{ coalescingWindow: 60 }, /^service: .*coalescingWindow/m],
    [{ slack: { digestThreshold: 1 } }, /^service\.slack\.digestThreshold: /m],
    [{ slack: { routes: [{ channel: "general" }] } }, /^service\.slack\.routes\.0\.channel: a Slack channel id/m],
    [
      { slack: { routes: [{ channel: "#ops", severities: ["urgent"] }] } },
      /^service\.slack\.routes\.0\.severities\.0: /m,
    ],
  ])("rejects %j naming the field", (service, message) => {
    expect(() => parseVigilConfig({ service })).toThrow(ConfigError);
    expect(() => parseVigilConfig({ service })).toThrow(message);
  });
});
