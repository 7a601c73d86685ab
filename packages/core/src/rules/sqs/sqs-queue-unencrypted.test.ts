import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, queue } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./sqs-queue-unencrypted.ts";

describe(rule.id, () => {
  it("Compliance: SSE-SQS", () => {
    const [result] = runRule(rule, model(queue()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: encryption disabled", () => {
    const [result] = runRule(rule, model(queue("jobs", { encryption: "none" })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "encryption", value: "none" }]);
  });

  it("Real world: a FIFO dead-letter queue encrypted with a customer managed KMS key does not fire", () => {
    const [result] = runRule(
      rule,
      model(queue("jobs-dlq.fifo", { fifo: true, encryption: "kms", redrive: undefined })),
    );
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: encryption chosen by a template condition", () => {
    const [result] = runRule(rule, model(queue("jobs", { encryption: unknown("Fn::If UseKms") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Fn::If UseKms");
  });
});
