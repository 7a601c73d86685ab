import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { table } from "../../testing/builders.ts";
import remediation from "./dynamodb-pitr-disabled.remediation.ts";

describe(`${remediation.ruleId} remediation`, () => {
  it("enables PITR, undone by disabling it", () => {
    const plan = remediation.plan(table("orders", { pointInTimeRecovery: false }));
    expect(plan?.calls).toEqual([
      {
        service: "dynamodb",
        operation: "UpdateContinuousBackups",
        input: { TableName: "orders", PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } },
        iamAction: "dynamodb:UpdateContinuousBackups",
      },
    ]);
    expect(plan?.undo[0]?.input).toMatchObject({
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: false },
    });
  });

  it("plans nothing when PITR is on or unknown", () => {
    expect(remediation.plan(table("orders"))).toBeUndefined();
    expect(remediation.plan(table("orders", { pointInTimeRecovery: unknown("denied") }))).toBeUndefined();
  });
});
