import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventSourceMapping, lambdaFunction, model, queue } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./sqs-visibility-below-function-timeout.ts";

const consumer = (timeoutSeconds: number | ReturnType<typeof unknown>) => lambdaFunction("worker", { timeoutSeconds });
const mapping = (functionArn = arns.fn("worker")) => eventSourceMapping("esm1", functionArn, arns.queue("jobs"));

describe(rule.id, () => {
  it("Compliance: 60 s visibility for a 10 s function", () => {
    const [result] = runRule(rule, model(queue("jobs"), consumer(10), mapping()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: the 30 s default visibility for a 20 s function, with the edge as evidence", () => {
    const [result] = runRule(rule, model(queue("jobs", { visibilityTimeoutSeconds: 30 }), consumer(20), mapping()));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("visibility timeout 30 s is below 6 x the 20 s timeout of function worker (120 s)");
    expect(result?.evidence).toEqual([
      {
        type: "edge",
        from: arns.queue("jobs"),
        to: arns.fn("worker"),
        relation: `consumed via event-source mapping ${mapping().id}`,
      },
      { type: "setting", path: "visibilityTimeoutSeconds", value: 30 },
    ]);
  });

  it("Real world: a mapping to the function's `live` alias at exactly 6x does not fire; an unconsumed queue is skipped", () => {
    const results = runRule(
      rule,
      model(
        queue("jobs", { visibilityTimeoutSeconds: 180 }),
        consumer(30),
        mapping(`${arns.fn("worker")}:live`),
        queue("jobs-dlq", { visibilityTimeoutSeconds: 30, redrive: undefined }),
      ),
    );
    expect(results.map((r) => [r.resourceName, r.status])).toEqual([
      ["jobs", "pass"],
      ["jobs-dlq", "not_applicable"],
    ]);
  });

  it("Undetermined: a function timeout from a parameter, and a consumer outside the model", () => {
    const [fromParam] = runRule(rule, model(queue("jobs"), consumer(unknown("Ref TimeoutParam")), mapping()));
    expect(fromParam?.status).toBe("undetermined");
    expect(fromParam?.message).toContain("Ref TimeoutParam");

    const [elsewhere] = runRule(rule, model(queue("jobs"), mapping(arns.fn("other-stack-worker"))));
    expect(elsewhere?.status).toBe("undetermined");
    expect(elsewhere?.message).toContain("is not in the model");
  });

  it("Undetermined, but a known gap wins: one consumer unknown, another too slow", () => {
    const slow = lambdaFunction("slow", { timeoutSeconds: 60 });
    const [result] = runRule(
      rule,
      model(
        queue("jobs"),
        consumer(unknown("Ref TimeoutParam")),
        mapping(),
        slow,
        eventSourceMapping("esm2", slow.arn, arns.queue("jobs")),
      ),
    );
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("function slow (360 s)");
  });
});
