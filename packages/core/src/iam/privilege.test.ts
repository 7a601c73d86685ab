import { describe, expect, it } from "vitest";
import { unknown } from "../model/value.ts";
import { policy } from "../testing/builders.ts";
import { escalationActionsGranted, grantsAdmin } from "./privilege.ts";

const statement = (raw: Record<string, unknown>) => policy({ Statement: [raw] }).statements[0]!;

describe("grantsAdmin", () => {
  it("is true for Allow * on *", () => {
    expect(grantsAdmin(statement({ Effect: "Allow", Action: "*", Resource: "*" }))).toBe(true);
    expect(grantsAdmin(statement({ Effect: "Allow", Action: ["*:*"], Resource: ["*"] }))).toBe(true);
  });

  it("is true for NotAction tricks that leave IAM permissions management allowed", () => {
    expect(grantsAdmin(statement({ Effect: "Allow", NotAction: "nothing:Nothing", Resource: "*" }))).toBe(true);
    expect(grantsAdmin(statement({ Effect: "Allow", NotAction: ["s3:*", "iam:CreateUser"], Resource: "*" }))).toBe(
      true,
    );
  });

  it("is false for PowerUser-style NotAction iam:*, for Deny, and for scoped resources", () => {
    expect(grantsAdmin(statement({ Effect: "Allow", NotAction: ["iam:*", "organizations:*"], Resource: "*" }))).toBe(
      false,
    );
    expect(grantsAdmin(statement({ Effect: "Deny", Action: "*", Resource: "*" }))).toBe(false);
    expect(grantsAdmin(statement({ Effect: "Allow", Action: "*", Resource: "arn:aws:s3:::uploads/*" }))).toBe(false);
    expect(grantsAdmin(statement({ Effect: "Allow", Action: "s3:*", Resource: "*" }))).toBe(false);
  });

  it("is unknown when an unresolved value could make it admin", () => {
    expect(grantsAdmin(statement({ Effect: "Allow", Action: "*", Resource: unknown("Ref Arn") }))).toEqual(
      unknown("Ref Arn"),
    );
    expect(grantsAdmin(statement({ Effect: "Allow", Action: [unknown("Ref A")], Resource: "*" }))).toEqual(
      unknown("Ref A"),
    );
  });
});

describe("escalationActionsGranted", () => {
  it("finds escalation actions granted on every resource", () => {
    const s = statement({
      Effect: "Allow",
      Action: ["iam:PassRole", "lambda:UpdateFunctionCode", "s3:GetObject"],
      Resource: "*",
    });
    expect(escalationActionsGranted(s)).toEqual({
      actions: ["iam:PassRole", "lambda:UpdateFunctionCode"],
      undetermined: [],
    });
    expect(
      escalationActionsGranted(statement({ Effect: "Allow", Action: "iam:Put*", Resource: "arn:aws:iam::*:role/*" }))
        .actions,
    ).toEqual(["iam:PutRolePolicy", "iam:PutUserPolicy", "iam:PutGroupPolicy", "iam:PutRolePermissionsBoundary"]);
  });

  it("ignores escalation actions scoped to named resources", () => {
    const passOne = statement({
      Effect: "Allow",
      Action: "iam:PassRole",
      Resource: "arn:aws:iam::123456789012:role/step-functions-role",
    });
    expect(escalationActionsGranted(passOne)).toEqual({ actions: [], undetermined: [] });
  });

  it("ignores PassRole confined by iam:PassedToService to services that run no code of the caller's (AmazonDynamoDBFullAccess)", () => {
    const passTo = (services: string[], operator = "StringEquals") =>
      escalationActionsGranted(
        statement({
          Effect: "Allow",
          Action: "iam:PassRole",
          Resource: "*",
          Condition: { [operator]: { "iam:PassedToService": services } },
        }),
      ).actions;
    expect(passTo(["application-autoscaling.amazonaws.com", "dax.amazonaws.com"])).toEqual([]);
    expect(passTo(["lambda.amazonaws.com"])).toEqual(["iam:PassRole"]);
    expect(passTo(["*.amazonaws.com"], "StringLike")).toEqual(["iam:PassRole"]);
    expect(passTo(["dax.amazonaws.com"], "StringNotEquals")).toEqual(["iam:PassRole"]);
  });

  it("marks what unresolved values hide as undetermined", () => {
    const s = statement({ Effect: "Allow", Action: unknown("Ref Actions"), Resource: "*" });
    expect(escalationActionsGranted(s).undetermined).toContain("iam:PassRole");
  });
});
