import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, eventSourceMapping, lambdaFunction, model, queue } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./sqs-queue-no-dlq.ts";

const worker = lambdaFunction("worker");
const mapping = eventSourceMapping("esm1", worker.arn, arns.queue("jobs"));

describe(rule.id, () => {
  it("Compliance: a consumed queue with a redrive policy", () => {
    const [result] = runRule(rule, model(queue("jobs"), worker, mapping));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a consumed queue without redrive policy, the consumer as an edge", () => {
    const [result] = runRule(rule, model(queue("jobs", { redrive: undefined }), worker, mapping));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "redrive", value: null },
      {
        type: "edge",
        from: arns.queue("jobs"),
        to: worker.arn,
        relation: `consumed via event-source mapping ${mapping.id}`,
      },
    ]);
  });

  it("Real world: the dead-letter queue itself, which nothing consumes, does not fire", () => {
    const results = runRule(rule, model(queue("jobs"), queue("jobs-dlq", { redrive: undefined }), worker, mapping));
    expect(results.map((r) => [r.resourceName, r.status])).toEqual([
      ["jobs", "pass"],
      ["jobs-dlq", "not_applicable"],
    ]);
  });

  it("Undetermined: attributes that could not be read say nothing of a redrive policy", () => {
    const why = unknown("sqs:GetQueueAttributes denied");
    const unread = queue("jobs", { redrive: { deadLetterTargetArn: why, maxReceiveCount: why } });
    const [result] = runRule(rule, model(unread, worker, mapping));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toBe(
      "cannot evaluate: the queue's redrive policy is unknown (sqs:GetQueueAttributes denied)",
    );
  });

  it("Undetermined target, known policy: a DLQ ARN imported from another stack still counts as a redrive policy", () => {
    const imported = queue("jobs", {
      redrive: { deadLetterTargetArn: unknown("Fn::ImportValue dlq"), maxReceiveCount: 5 },
    });
    const [result] = runRule(rule, model(imported, worker, mapping));
    expect(result?.status).toBe("pass");
  });
});
