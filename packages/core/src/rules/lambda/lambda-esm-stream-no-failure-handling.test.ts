// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventSourceMapping, model } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-esm-stream-no-failure-handling.ts";

const KINESIS = "arn:aws:kinesis:us-east-1:123456789012:stream/clicks";
const DDB_STREAM = "arn:aws:dynamodb:us-east-1:123456789012:table/orders/stream/2026-01-01T00:00:00.000";
const fn = arns.fn("consumer");

describe(rule.id, () => {
  it("Compliance: destination plus bisect, and destination plus bounded retries", () => {
    const results = runRule(
      rule,
      model(
        eventSourceMapping("bisect", fn, KINESIS, { onFailure: arns.queue("dlq"), bisectBatchOnFunctionError: true }),
        eventSourceMapping("bounded", fn, DDB_STREAM, { onFailure: arns.queue("dlq"), maximumRetryAttempts: 5 }),
      ),
    );
    expect(statusOf(results, "bisect")).toEqual(["pass"]);
    expect(statusOf(results, "bounded")).toEqual(["pass"]);
  });

  it("Noncompliance: a DynamoDB stream mapping left at defaults fails on both counts", () => {
    const [result] = runRule(rule, model(eventSourceMapping("plain", fn, DDB_STREAM)));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("no on-failure destination");
    expect(result?.message).toContain("unbounded");
    expect(result?.evidence).toContainEqual({ type: "setting", path: "onFailure", value: null });
  });

  it("Noncompliance: explicit -1 retries with a destination but no bisect", () => {
    const mapping = eventSourceMapping("forever", fn, KINESIS, {
      onFailure: arns.queue("dlq"),
      maximumRetryAttempts: -1,
    });
    const [result] = runRule(rule, model(mapping));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toContainEqual({ type: "setting", path: "maximumRetryAttempts", value: -1 });
  });

  it("Real world: an SQS mapping has its redrive policy instead", () => {
    expect(statusOf(runRule(rule, model(eventSourceMapping("sqs", fn, arns.queue("jobs")))), "sqs")).toEqual([
      "not_applicable",
    ]);
  });

  it("Undetermined: the destination is imported", () => {
    const mapping = eventSourceMapping("imp", fn, KINESIS, {
      onFailure: unknown("Fn::ImportValue Dlq"),
      bisectBatchOnFunctionError: true,
    });
    const [result] = runRule(rule, model(mapping));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Fn::ImportValue Dlq");
  });

  it("Undetermined: a source that is no ARN (a template resource of a type without a kind) may be a stream", () => {
    const mapping = eventSourceMapping("odd", fn, "${Clicks.Arn}");
    const [result] = runRule(rule, model(mapping));
    expect(result).toMatchObject({ status: "undetermined", message: expect.stringContaining("not an ARN") });
  });
});
