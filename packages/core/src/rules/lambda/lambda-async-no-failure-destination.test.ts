import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, bucket, eventSourceMapping, lambdaFunction, model, queue, topic } from "../../testing/builders.ts";
import { runRule, statusOf } from "../../testing/run-rule.ts";
import rule from "./lambda-async-no-failure-destination.ts";

const noDestination = { asyncInvoke: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600 } };
const uploads = (fn: string) =>
  bucket("uploads", {
    notifications: [{ targetType: "lambda", targetArn: arns.fn(fn), events: ["s3:ObjectCreated:*"] }],
  });

describe(rule.id, () => {
  it("Compliance: S3-triggered with an on-failure destination, SNS-triggered with a DLQ", () => {
    const results = runRule(
      rule,
      model(
        lambdaFunction("thumbs"),
        uploads("thumbs"),
        lambdaFunction("notify", { ...noDestination, deadLetterTarget: arns.queue("notify-dlq") }),
        topic("events", { subscriptions: [{ protocol: "lambda", endpoint: arns.fn("notify") }] }),
      ),
    );
    expect(statusOf(results, "thumbs")).toEqual(["pass"]);
    expect(statusOf(results, "notify")).toEqual(["pass"]);
  });

  it("Noncompliance: S3-triggered with neither, naming the trigger", () => {
    const [result] = runRule(rule, model(lambdaFunction("thumbs", { asyncInvoke: undefined }), uploads("thumbs")));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("s3 uploads");
    expect(result?.evidence.map((e) => (e.type === "setting" ? e.path : ""))).toEqual([
      "deadLetterTarget",
      "asyncInvoke.onFailure",
    ]);
  });

  it("Real world: an SQS-driven function is not asynchronous and is left to other rules", () => {
    const mapping = eventSourceMapping("m1", arns.fn("worker"), arns.queue("jobs"));
    const results = runRule(rule, model(lambdaFunction("worker", noDestination), queue("jobs"), mapping));
    expect(statusOf(results, "worker")).toEqual(["not_applicable"]);
  });

  it("Undetermined: the DLQ comes from an import", () => {
    const fn = lambdaFunction("thumbs", { asyncInvoke: undefined, deadLetterTarget: unknown("Fn::ImportValue Dlq") });
    const [result] = runRule(rule, model(fn, uploads("thumbs")));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Fn::ImportValue Dlq");
  });
});
