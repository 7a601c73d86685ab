import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { arns, iamRole, lambdaFunction, managedPolicy, model, policy, table } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./flow-sensitive-write-unapproved.ts";

const roleWith = (...statements: unknown[]) =>
  iamRole("fn-role", {
    inlinePolicies: [{ name: "data", document: policy({ Version: "2012-10-17", Statement: statements }) }],
  });
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: "Allow", Action, Resource });
const orders = table("orders", { tags: { "vigil:sensitive": "true" } });

describe(rule.id, () => {
  it("Compliance: the write is declared by tag, or approved in the options", () => {
    const role = roleWith(allow("dynamodb:PutItem", arns.table("orders")));
    const tagged = runRule(rule, model(lambdaFunction("fn", { tags: { "vigil:writes": "orders" } }), role, orders));
    expect(tagged[0]?.status).toBe("pass");
    const approved = runRule(rule, model(lambdaFunction("fn"), role, orders), {
      options: { approvedFlows: [{ function: arns.fn("fn"), store: "orders" }] },
    });
    expect(approved[0]?.status).toBe("pass");
  });

  it("Noncompliance: dynamodb:* on * writes the sensitive orders table, no declared flow", () => {
    const statement = allow("dynamodb:*", "*");
    const [result] = runRule(rule, model(lambdaFunction("fn"), roleWith(statement), orders, table("cache")));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("orders");
    expect(result?.message).not.toContain("cache");
    expect(result?.evidence).toContainEqual({ type: "statement", policy: "inline policy data", index: 0, statement });
  });

  it("Noncompliance: a store made sensitive by the sensitiveStores option", () => {
    const [result] = runRule(
      rule,
      model(lambdaFunction("fn"), roleWith(allow("dynamodb:PutItem", "*")), table("cache")),
      {
        options: { sensitiveStores: ["cache"] },
      },
    );
    expect(result?.status).toBe("fail");
  });

  it("Real world: reading the sensitive table (CDK grantReadData shape) and writing a plain table do not fire", () => {
    const role = roleWith(
      allow(
        ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem"],
        [arns.table("orders"), `${arns.table("orders")}/index/*`],
      ),
      allow("dynamodb:PutItem", arns.table("cache")),
    );
    const [result] = runRule(rule, model(lambdaFunction("fn"), role, orders, table("cache")));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a store whose tags could not be read may be sensitive", () => {
    const role = roleWith(allow("dynamodb:PutItem", arns.table("orders")));
    const unread = table("orders", { tags: unknown("tag:GetResources denied") });
    const [result] = runRule(rule, model(lambdaFunction("fn"), role, unread));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toBe(
      "cannot evaluate: whether orders is a sensitive store is unknown (tag:GetResources denied)",
    );
    // Named in the options, it is sensitive whatever its tags: the undeclared write fails.
    const named = runRule(rule, model(lambdaFunction("fn"), role, unread), {
      options: { sensitiveStores: ["orders"] },
    });
    expect(named[0]?.status).toBe("fail");
  });

  it("Undetermined: a write to a sensitive store by a function whose tags (its vigil:writes) could not be read", () => {
    const role = roleWith(allow("dynamodb:PutItem", arns.table("orders")));
    const fn = lambdaFunction("fn", { tags: unknown("lambda:ListTags denied") });
    const [result] = runRule(rule, model(fn, role, orders));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("the declaration of its write to orders is unknown (lambda:ListTags denied)");
    // Another declaration that was read still declares it.
    const approved = runRule(rule, model(fn, role, orders), {
      options: { approvedFlows: [{ function: arns.fn("fn"), store: "orders" }] },
    });
    expect(approved[0]?.status).toBe("pass");
  });

  it("Undetermined: a managed policy document that could not be read", () => {
    const role = iamRole("fn-role", { managedPolicyArns: [arns.policy("data")] });
    const unreadable = {
      ...managedPolicy("data", { Statement: [] }),
      document: { unknown: true as const, reason: "iam:GetPolicyVersion denied" },
    };
    const [result] = runRule(rule, model(lambdaFunction("fn"), role, unreadable, orders));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("iam:GetPolicyVersion denied");
  });
});
