import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, table } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./dynamodb-pitr-disabled.ts";

describe(rule.id, () => {
  it("Compliance: PITR enabled", () => {
    const [result] = runRule(rule, model(table()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: PITR disabled", () => {
    const [result] = runRule(rule, model(table("orders", { pointInTimeRecovery: false })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "pointInTimeRecovery", value: false }]);
  });

  it("Real world: a provisioned, customer-key-encrypted table with a stream and PITR does not fire", () => {
    const streamed = table("ledger", {
      billingMode: "PROVISIONED",
      encryption: "customer-managed",
      stream: { viewType: "NEW_AND_OLD_IMAGES", arn: "arn:aws:dynamodb:us-east-1:123456789012:table/ledger/stream/x" },
    });
    const [result] = runRule(rule, model(streamed));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: the backup setting could not be read", () => {
    const [result] = runRule(
      rule,
      model(table("orders", { pointInTimeRecovery: unknown("dynamodb:DescribeContinuousBackups denied") })),
    );
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("DescribeContinuousBackups denied");
  });
});
