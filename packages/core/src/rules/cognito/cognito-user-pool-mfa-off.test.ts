import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, userPool } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./cognito-user-pool-mfa-off.ts";

describe(rule.id, () => {
  it("Compliance: MFA required", () => {
    const [result] = runRule(rule, model(userPool()));
    expect(result?.status).toBe("pass");
  });

  it("Compliance: optional MFA passes with a note", () => {
    const [result] = runRule(rule, model(userPool(undefined, { mfa: "OPTIONAL" })));
    expect(result?.status).toBe("pass");
    expect(result?.message).toContain("optional");
  });

  it("Noncompliance: MFA off", () => {
    const [result] = runRule(rule, model(userPool(undefined, { mfa: "OFF" })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "mfa", value: "OFF" }]);
  });

  it("Undetermined: the pool could not be described", () => {
    const [result] = runRule(rule, model(userPool(undefined, { mfa: unknown("cognito-idp:DescribeUserPool denied") })));
    expect(result?.status).toBe("undetermined");
  });
});
