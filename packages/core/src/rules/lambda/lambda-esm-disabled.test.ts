import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventSourceMapping, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-esm-disabled.ts";

const fn = arns.fn("worker");

describe(rule.id, () => {
  it("Compliance: an enabled mapping", () => {
    expect(statusOf(runRule(rule, model(eventSourceMapping("on", fn, arns.queue("jobs")))), "on")).toEqual(["pass"]);
  });

  it("Noncompliance: a disabled mapping", () => {
    const [result] = runRule(rule, model(eventSourceMapping("off", fn, arns.queue("jobs"), { enabled: false })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "enabled", value: false }]);
  });

  it("Real world: an enabled self-managed Kafka mapping (no event source ARN) passes", () => {
    const mapping = eventSourceMapping("kafka", fn, "", { eventSourceArn: undefined });
    expect(statusOf(runRule(rule, model(mapping)), "kafka")).toEqual(["pass"]);
  });

  it("Undetermined: Enabled from a stage parameter", () => {
    const mapping = eventSourceMapping("param", fn, arns.queue("jobs"), { enabled: unknown("Ref EnableConsumer") });
    const [result] = runRule(rule, model(mapping));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref EnableConsumer");
  });
});
