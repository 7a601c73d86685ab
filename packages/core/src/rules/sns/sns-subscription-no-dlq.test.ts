import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, model, topic } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./sns-subscription-no-dlq.ts";

const dlq = arns.queue("events-dlq");

describe(rule.id, () => {
  it("Compliance: Lambda and SQS subscriptions with dead-letter queues", () => {
    const subscriptions = [
      { protocol: "lambda", endpoint: arns.fn("notify"), deadLetterTarget: dlq },
      { protocol: "sqs", endpoint: arns.queue("audit"), deadLetterTarget: dlq },
    ];
    const [result] = runRule(rule, model(topic("events", { subscriptions })));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a Lambda and an HTTPS subscription without redrive policy, both named", () => {
    const subscriptions = [
      { protocol: "lambda", endpoint: arns.fn("notify") },
      { protocol: "sqs", endpoint: arns.queue("audit"), deadLetterTarget: dlq },
      { protocol: "https", endpoint: "https://hooks.example.com/orders" },
    ];
    const [result] = runRule(rule, model(topic("events", { subscriptions })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe(
      `subscription lambda ${arns.fn("notify")} has no redrive policy; ` +
        "subscription https https://hooks.example.com/orders has no redrive policy",
    );
    expect(result?.evidence).toEqual([
      { type: "setting", path: `subscriptions[lambda ${arns.fn("notify")}].deadLetterTarget`, value: null },
      { type: "setting", path: "subscriptions[https https://hooks.example.com/orders].deadLetterTarget", value: null },
    ]);
  });

  it("Real world: an alarm topic with only email subscriptions does not fire; a topic without subscribers is skipped", () => {
    const alarms = topic("alarms", { subscriptions: [{ protocol: "email", endpoint: "oncall@example.com" }] });
    const results = runRule(rule, model(alarms, topic("unused")));
    expect(results.map((r) => [r.resourceName, r.status])).toEqual([
      ["alarms", "pass"],
      ["unused", "not_applicable"],
    ]);
  });

  it("Undetermined: subscriptions that could not be listed, and a DLQ imported from another stack", () => {
    const [denied] = runRule(
      rule,
      model(topic("events", { subscriptions: unknown("sns:ListSubscriptionsByTopic denied") })),
    );
    expect(denied?.status).toBe("undetermined");
    expect(denied?.message).toContain("denied");

    const imported = [
      { protocol: "sqs", endpoint: arns.queue("audit"), deadLetterTarget: unknown("Fn::ImportValue dlq") },
    ];
    const [result] = runRule(rule, model(topic("events", { subscriptions: imported })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Fn::ImportValue dlq");
  });
});
