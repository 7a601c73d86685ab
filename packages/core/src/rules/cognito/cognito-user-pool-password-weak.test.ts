import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, userPool } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./cognito-user-pool-password-weak.ts";

const withPolicy = (policy: Partial<ReturnType<typeof userPool>["passwordPolicy"]>) =>
  userPool(undefined, { passwordPolicy: { ...userPool().passwordPolicy, ...policy } });

describe(rule.id, () => {
  it("Compliance: 12 characters with every class", () => {
    const [result] = runRule(rule, model(userPool()));
    expect(result?.status).toBe("pass");
  });

  it("Compliance: AWS's default policy (8 characters, every class) is not weak", () => {
    const [result] = runRule(rule, model(withPolicy({ minimumLength: 8 })));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: 6 characters, only lower case required", () => {
    const weak = withPolicy({
      minimumLength: 6,
      requireUppercase: false,
      requireNumbers: false,
      requireSymbols: false,
    });
    const [result] = runRule(rule, model(weak));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("passwords may be 6 characters; 3 of the 4 character classes not required");
    expect(result?.evidence).toContainEqual({ type: "setting", path: "passwordPolicy.minimumLength", value: 6 });
    expect(result?.evidence).toContainEqual({ type: "setting", path: "passwordPolicy.requireSymbols", value: false });
  });

  it("Noncompliance: a long password without symbols, even when the length is unknown", () => {
    const [result] = runRule(
      rule,
      model(withPolicy({ minimumLength: unknown("Ref MinLength"), requireSymbols: false })),
    );
    expect(result?.status).toBe("fail");
  });

  it("Undetermined: the minimum length is a parameter without a value", () => {
    const [result] = runRule(rule, model(withPolicy({ minimumLength: unknown("Ref MinLength") })));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref MinLength");
  });
});
