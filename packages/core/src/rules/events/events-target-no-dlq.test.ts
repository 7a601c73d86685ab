import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventRule, model } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./events-target-no-dlq.ts";

const dlq = arns.queue("nightly-dlq");

describe(rule.id, () => {
  it("Compliance: a Lambda target with a dead-letter queue", () => {
    const targets = [{ id: "fn", arn: arns.fn("report"), deadLetterTarget: dlq }];
    const [result] = runRule(rule, model(eventRule("nightly", { targets })));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: one of two targets lacks DeadLetterConfig", () => {
    const targets = [
      { id: "fn", arn: arns.fn("report"), deadLetterTarget: dlq },
      { id: "audit", arn: arns.queue("audit") },
    ];
    const [result] = runRule(rule, model(eventRule("nightly", { targets })));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe(`target audit (${arns.queue("audit")}) has no dead-letter queue`);
    expect(result?.evidence).toEqual([{ type: "setting", path: "targets[1].deadLetterTarget", value: null }]);
  });

  it("Real world: a CDK-style rule on a custom bus with a retry policy and DLQ does not fire; no targets is skipped", () => {
    const orders = eventRule("order-placed", {
      eventBusName: "orders",
      scheduleExpression: undefined,
      eventPattern: { source: ["orders"], "detail-type": ["OrderPlaced"] },
      targets: [
        {
          id: "Target0",
          arn: arns.fn("ship"),
          deadLetterTarget: dlq,
          maximumRetryAttempts: 3,
          maximumEventAgeSeconds: 3600,
        },
      ],
    });
    const results = runRule(rule, model(orders, eventRule("idle")));
    expect(results.map((r) => [r.resourceName, r.status])).toEqual([
      ["order-placed", "pass"],
      ["idle", "not_applicable"],
    ]);
  });

  it("Undetermined: targets that could not be listed, and a DLQ from a parameter", () => {
    const [denied] = runRule(
      rule,
      model(eventRule("nightly", { targets: unknown("events:ListTargetsByRule denied") })),
    );
    expect(denied?.status).toBe("undetermined");
    expect(denied?.message).toContain("denied");

    const targets = [{ id: "fn", arn: arns.fn("report"), deadLetterTarget: unknown("Ref DlqArnParam") }];
    const [result] = runRule(rule, model(eventRule("nightly", { targets })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref DlqArnParam");
  });
});
