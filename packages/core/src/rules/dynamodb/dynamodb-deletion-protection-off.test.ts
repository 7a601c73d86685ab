import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, table } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./dynamodb-deletion-protection-off.ts";

describe(rule.id, () => {
  it("Compliance: deletion protection on", () => {
    const [result] = runRule(rule, model(table()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: deletion protection off", () => {
    const [result] = runRule(rule, model(table("orders", { deletionProtection: false })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "deletionProtection", value: false }]);
  });

  it("Real world: an on-demand table with a stream and deletion protection does not fire", () => {
    const withStream = table("sessions", {
      stream: { viewType: "KEYS_ONLY", arn: "arn:aws:dynamodb:us-east-1:123456789012:table/sessions/stream/x" },
    });
    const [result] = runRule(rule, model(withStream));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: deletion protection from a stage-dependent parameter", () => {
    const [result] = runRule(rule, model(table("orders", { deletionProtection: unknown("Ref IsProdParam") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref IsProdParam");
  });
});
