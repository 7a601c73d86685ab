import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { iamRole } from "../../testing/builders.ts";
import remediation from "./iam-role-admin-access.remediation.ts";

const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";
const BASIC = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

describe(`${remediation.ruleId} remediation`, () => {
  it("detaches AdministratorAccess only, re-attached by its undo, and needs approval", () => {
    const plan = remediation.plan(iamRole("orders-role", { managedPolicyArns: [BASIC, ADMIN] }));
    expect(plan?.calls).toEqual([
      {
        service: "iam",
        operation: "DetachRolePolicy",
        input: { RoleName: "orders-role", PolicyArn: ADMIN },
        iamAction: "iam:DetachRolePolicy",
      },
    ]);
    expect(plan?.undo).toEqual([
      expect.objectContaining({ operation: "AttachRolePolicy", iamAction: "iam:AttachRolePolicy" }),
    ]);
    expect(remediation.maxMode).toBe("approve");
  });

  it("plans nothing without AdministratorAccess (unknown attachments are not guessed)", () => {
    expect(remediation.plan(iamRole("orders-role"))).toBeUndefined();
    expect(remediation.plan(iamRole("orders-role", { managedPolicyArns: [unknown("a parameter")] }))).toBeUndefined();
  });
});
