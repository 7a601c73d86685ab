import { describe, expect, it } from "vitest";
import { parseVigilConfig } from "../engine/config.ts";
import { routesEveryAlert, slackRoutingSchema } from "./routing.ts";

describe("slack routing: every alert of a bot token needs a channel", () => {
  it("refuses routes that leave some alerts without a channel (the deploy parses this schema)", () => {
    const slack = { routes: [{ channel: "#oncall", severities: ["critical"] }] };
    expect(() => parseVigilConfig({ service: { slack } })).toThrow(
      /^service\.slack\.defaultChannel: the routes leave some alerts without a channel/m,
    );
  });

  it.each([
    ["a default channel", { defaultChannel: "C0123ABCD", routes: [{ channel: "#oncall", severities: ["critical"] }] }],
    ["a route without criteria", { routes: [{ channel: "#oncall", severities: ["critical"] }, { channel: "#all" }] }],
    ["no routes (a webhook posts to its own channel)", {}],
  ])("accepts %s", (_, slack) => {
    expect(() => parseVigilConfig({ service: { slack } })).not.toThrow();
  });

  it("says whether every alert has a channel", () => {
    expect(routesEveryAlert(slackRoutingSchema.parse({}))).toBe(false);
    expect(routesEveryAlert(slackRoutingSchema.parse({ defaultChannel: "#alerts" }))).toBe(true);
    expect(routesEveryAlert(slackRoutingSchema.parse({ routes: [{ channel: "#all", tags: {} }] }))).toBe(true);
  });
});
