import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { table } from "../../testing/builders.ts";
import remediation from "./dynamodb-deletion-protection-off.remediation.ts";

describe(`${remediation.ruleId} remediation`, () => {
  it("turns deletion protection on, undone by turning it off", () => {
    const plan = remediation.plan(table("orders", { deletionProtection: false }));
    expect(plan?.calls).toEqual([
      {
        service: "dynamodb",
        operation: "UpdateTable",
        input: { TableName: "orders", DeletionProtectionEnabled: true },
        iamAction: "dynamodb:UpdateTable",
      },
    ]);
    expect(plan?.undo[0]?.input).toEqual({ TableName: "orders", DeletionProtectionEnabled: false });
  });

  it("plans nothing when protected or unknown", () => {
    expect(remediation.plan(table("orders"))).toBeUndefined();
    expect(remediation.plan(table("orders", { deletionProtection: unknown("denied") }))).toBeUndefined();
  });
});
