import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventSourceMapping, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-esm-sqs-no-max-concurrency.ts";

const fn = arns.fn("worker");

describe(rule.id, () => {
  it("Compliance: SQS mapping with a maximum concurrency", () => {
    const mapping = eventSourceMapping("capped", fn, arns.queue("jobs"), { maximumConcurrency: 5 });
    expect(statusOf(runRule(rule, model(mapping)), "capped")).toEqual(["pass"]);
  });

  it("Noncompliance: SQS mapping without one", () => {
    const [result] = runRule(rule, model(eventSourceMapping("open", fn, arns.queue("jobs"))));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "maximumConcurrency", value: null }]);
  });

  it("Real world: a Kinesis mapping scales per shard and is out of scope", () => {
    const mapping = eventSourceMapping("kin", fn, "arn:aws:kinesis:us-east-1:123456789012:stream/clicks");
    expect(statusOf(runRule(rule, model(mapping)), "kin")).toEqual(["not_applicable"]);
  });

  it("Undetermined: maximum concurrency from a parameter, and a queue from an import", () => {
    const results = runRule(
      rule,
      model(
        eventSourceMapping("param", fn, arns.queue("jobs"), { maximumConcurrency: unknown("Ref MaxConcurrency") }),
        eventSourceMapping("imported", fn, arns.queue("x"), { eventSourceArn: unknown("Fn::ImportValue Queue") }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(["undetermined", "undetermined"]);
    expect(results[0]?.message).toContain("Ref MaxConcurrency");
    expect(results[1]?.message).toContain("Fn::ImportValue Queue");
  });
});
