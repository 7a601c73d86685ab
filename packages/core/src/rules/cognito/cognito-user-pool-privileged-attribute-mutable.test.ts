import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, userPool, userPoolClient } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./cognito-user-pool-privileged-attribute-mutable.ts";

const role = { name: "custom:role", mutable: true };

describe(rule.id, () => {
  it("Compliance: no privileged attribute (custom:roleplay_level is no role)", () => {
    const attributes = [
      { name: "custom:roleplay_level", mutable: true },
      { name: "custom:nickname", mutable: true },
    ];
    const [result] = runRule(rule, model(userPool(undefined, { customAttributes: attributes })));
    expect(result?.status).toBe("pass");
  });

  it("Compliance: custom:role is immutable", () => {
    const [result] = runRule(rule, model(userPool(undefined, { customAttributes: [{ ...role, mutable: false }] })));
    expect(result?.status).toBe("pass");
  });

  it("Compliance: custom:role is mutable but every client's write attributes leave it out", () => {
    const [result] = runRule(rule, model(userPool(undefined, { customAttributes: [role] })));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: custom:isAdmin is mutable and a client writes every attribute (no WriteAttributes)", () => {
    const { writeAttributes: _, ...everything } = userPoolClient({ name: "spa" });
    const pool = userPool(undefined, {
      customAttributes: [{ name: "custom:isAdmin", mutable: true }],
      clients: [everything],
    });
    const [result] = runRule(rule, model(pool));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("users can set custom:isAdmin themselves through spa");
  });

  it("Noncompliance: custom:tenant_id is in a client's write attributes", () => {
    const client = userPoolClient({ writeAttributes: ["email", "custom:tenant_id"] });
    const pool = userPool(undefined, {
      customAttributes: [{ name: "custom:tenant_id", mutable: true }],
      clients: [client],
    });
    const [result] = runRule(rule, model(pool));
    expect(result?.status).toBe("fail");
  });

  it("Compliance: a mutable custom:role on a pool without app clients (nobody can sign in to write it)", () => {
    const [result] = runRule(rule, model(userPool(undefined, { customAttributes: [role], clients: [] })));
    expect(result?.status).toBe("pass");
  });

  it("Compliance: a developer-only attribute is no user's to write", () => {
    const pool = userPool(undefined, { customAttributes: [{ name: "dev:custom:role", mutable: true }] });
    const [result] = runRule(rule, model(pool));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: mutability unknown", () => {
    const pool = userPool(undefined, {
      customAttributes: [{ name: "custom:role", mutable: unknown("Ref RoleMutable") }],
    });
    const [result] = runRule(rule, model(pool));
    expect(result?.status).toBe("undetermined");
  });

  it("Undetermined: a client's write attributes could not be read", () => {
    const client = userPoolClient({ writeAttributes: unknown("cognito-idp:DescribeUserPoolClient denied") });
    const pool = userPool(undefined, { customAttributes: [role], clients: [client] });
    const [result] = runRule(rule, model(pool));
    expect(result?.status).toBe("undetermined");
  });
});
