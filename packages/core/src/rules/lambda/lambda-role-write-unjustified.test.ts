import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import {
  arns,
  bucket,
  eventSourceMapping,
  iamRole,
  lambdaFunction,
  model,
  policy,
  queue,
  table,
  topic,
} from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./lambda-role-write-unjustified.ts";

const roleWith = (...statements: unknown[]) =>
  iamRole("fn-role", {
    inlinePolicies: [{ name: "data", document: policy({ Version: "2012-10-17", Statement: statements }) }],
  });
const allow = (Action: string | string[], Resource: string | string[]) => ({ Effect: "Allow", Action, Resource });

describe(rule.id, () => {
  it("Compliance: a declared table, the own DLQ and destination, and consuming the mapped queue", () => {
    const fn = lambdaFunction("fn", {
      tags: { "vigil:writes": "orders, audit" },
      deadLetterTarget: arns.queue("fn-dlq"),
      asyncInvoke: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600, onSuccess: arns.topic("done") },
    });
    const role = roleWith(
      allow(["dynamodb:PutItem", "dynamodb:UpdateItem"], arns.table("orders")),
      allow("sqs:SendMessage", arns.queue("fn-dlq")),
      allow("sns:Publish", arns.topic("done")),
      allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility"], arns.queue("jobs")),
      allow("s3:GetObject", `${arns.bucket("uploads")}/*`),
    );
    const stores = [table("orders"), queue("fn-dlq"), topic("done"), queue("jobs"), bucket("uploads")];
    const mapping = eventSourceMapping("esm1", fn.arn, arns.queue("jobs"));
    const [result] = runRule(rule, model(fn, role, mapping, ...stores));
    expect(result?.status).toBe("pass");
    expect(result?.message).toContain("vigil:writes");
  });

  it("Noncompliance: dynamodb:* on * reaches an undeclared table, edge and statement as evidence", () => {
    const statement = allow("dynamodb:*", "*");
    const [result] = runRule(rule, model(lambdaFunction("fn"), roleWith(statement), table("sessions")));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("sessions");
    expect(result?.evidence[0]).toMatchObject({ type: "edge", from: arns.fn("fn"), to: arns.table("sessions") });
    expect(result?.evidence).toContainEqual({ type: "statement", policy: "inline policy data", index: 0, statement });
  });

  it("Noncompliance: writing into the bucket that triggers the function is no justification", () => {
    const fn = lambdaFunction("fn");
    const uploads = bucket("uploads", {
      notifications: [{ targetType: "lambda", targetArn: fn.arn, events: ["s3:ObjectCreated:*"] }],
    });
    const [result] = runRule(rule, model(fn, roleWith(allow("s3:PutObject", `${uploads.arn}/*`)), uploads));
    expect(result?.status).toBe("fail");
  });

  it("Real world: a sensitive table is left to flow-sensitive-write-unapproved; sending into a consumed queue is not consuming", () => {
    const fn = lambdaFunction("fn");
    const sensitive = table("orders", { tags: { "vigil:sensitive": "true" } });
    const mapping = eventSourceMapping("esm1", fn.arn, arns.queue("jobs"));
    const results = runRule(
      rule,
      model(fn, roleWith(allow("dynamodb:PutItem", arns.table("orders"))), sensitive, queue("jobs"), mapping),
    );
    expect(results[0]?.status).toBe("pass");
    const sending = runRule(
      rule,
      model(fn, roleWith(allow(["sqs:DeleteMessage", "sqs:SendMessage"], arns.queue("jobs"))), queue("jobs"), mapping),
    );
    expect(sending[0]?.status).toBe("fail");
  });

  it("Compliance: an approved flow in the options", () => {
    const [result] = runRule(
      rule,
      model(lambdaFunction("fn"), roleWith(allow("sqs:SendMessage", arns.queue("jobs"))), queue("jobs")),
      { options: { approvedFlows: [{ function: "fn", store: "jobs" }] } },
    );
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a store whose tags could not be read may be the other rule's sensitive one", () => {
    const role = roleWith(allow("dynamodb:PutItem", arns.table("orders")));
    const unread = table("orders", { tags: unknown("tag:GetResources throttled") });
    const [result] = runRule(rule, model(lambdaFunction("fn"), role, unread));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("whether orders is a data store is unknown (tag:GetResources throttled)");
  });

  it("Undetermined: a destination that could not be read may be the written queue", () => {
    const fn = lambdaFunction("fn", {
      asyncInvoke: {
        maximumRetryAttempts: unknown("lambda:GetFunctionEventInvokeConfig denied"),
        maximumEventAgeSeconds: unknown("lambda:GetFunctionEventInvokeConfig denied"),
        onFailure: unknown("lambda:GetFunctionEventInvokeConfig denied"),
      },
    });
    const role = roleWith(allow("sqs:SendMessage", arns.queue("failures")));
    const [result] = runRule(rule, model(fn, role, queue("failures")));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("lambda:GetFunctionEventInvokeConfig denied");
  });

  it("Undetermined: a managed policy whose document is not in the model", () => {
    const role = iamRole("fn-role", { managedPolicyArns: [arns.policy("shared-data")] });
    const [result] = runRule(rule, model(lambdaFunction("fn"), role, table("sessions")));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("shared-data");
  });

  it("Undetermined: an unresolved role", () => {
    const [result] = runRule(rule, model(lambdaFunction("fn", { role: unknown("Fn::ImportValue role") })));
    expect(result?.status).toBe("undetermined");
  });
});
