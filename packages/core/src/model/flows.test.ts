import { describe, expect, it } from "vitest";
import {
  arns,
  bucket,
  iamRole,
  lambdaFunction,
  managedPolicy,
  model,
  policy,
  queue,
  table,
  topic,
} from "../testing/builders.ts";
import { diffFlows, type Flow, flowKey, flowsOf, modelFlows } from "./flows.ts";
import { unknown } from "./value.ts";

const inline = (name: string, ...Statement: unknown[]) => ({ name, document: policy({ Statement }) });
const keys = (flows: readonly Flow[]) => flows.map(flowKey).sort();

function app(...statements: unknown[]) {
  const fn = lambdaFunction("orders");
  const role = iamRole("orders-role", { inlinePolicies: [inline("access", ...statements)] });
  return {
    fn,
    resources: [fn, role, table("orders"), table("users"), bucket("uploads"), queue("jobs"), topic("events")],
  };
}

describe("flowsOf", () => {
  it("derives read and write edges from a CDK-style table grant, with the granting statement", () => {
    const { fn, resources } = app({
      Effect: "Allow",
      Action: ["dynamodb:GetItem", "dynamodb:Query", "dynamodb:PutItem"],
      Resource: [arns.table("orders"), `${arns.table("orders")}/index/*`],
    });
    const { flows, undetermined } = flowsOf(model(...resources), fn);
    expect(keys(flows)).toEqual(["orders → orders (read)", "orders → orders (write)"]);
    expect(flows.find((f) => f.access === "write")?.actions).toEqual(["dynamodb:PutItem"]);
    expect(flows[0]?.statements[0]?.policy).toBe("inline policy access");
    expect(undetermined).toEqual([]);
  });

  it("reaches every store a wildcard covers: dynamodb:* on * writes to every table", () => {
    const { fn, resources } = app({ Effect: "Allow", Action: "dynamodb:*", Resource: "*" });
    expect(keys(flowsOf(model(...resources), fn).flows)).toEqual([
      "orders → orders (permissions-management)",
      "orders → orders (read)",
      "orders → orders (write)",
      "orders → users (permissions-management)",
      "orders → users (read)",
      "orders → users (write)",
    ]);
  });

  it("counts object grants as flows to the bucket, and SQS/SNS by their actions", () => {
    const { fn, resources } = app(
      { Effect: "Allow", Action: "s3:PutObject", Resource: `${arns.bucket("uploads")}/incoming/*` },
      { Effect: "Allow", Action: "sqs:SendMessage", Resource: arns.queue("jobs") },
      { Effect: "Allow", Action: "sns:Publish", Resource: arns.topic("events") },
    );
    expect(keys(flowsOf(model(...resources), fn).flows)).toEqual([
      "orders → events (write)",
      "orders → jobs (write)",
      "orders → uploads (write)",
    ]);
  });

  it("lets an unconditioned Deny remove an edge and ignores tagging", () => {
    const { fn, resources } = app(
      { Effect: "Allow", Action: ["dynamodb:PutItem", "dynamodb:TagResource"], Resource: "*" },
      { Effect: "Deny", Action: "dynamodb:PutItem", Resource: arns.table("users") },
    );
    expect(keys(flowsOf(model(...resources), fn).flows)).toEqual(["orders → orders (write)"]);
  });

  it("reads AWS-managed execution-role policies from the documents readers attach", () => {
    const fn = lambdaFunction("worker");
    const arn = "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole";
    const role = iamRole("worker-role", { managedPolicyArns: [arn] });
    const actions = ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"];
    const attached = managedPolicy(
      "AWSLambdaSQSQueueExecutionRole",
      {
        Statement: [{ Effect: "Allow", Action: actions, Resource: "*" }],
      },
      { arn, id: arn, awsManaged: true },
    );
    const { flows, undetermined } = flowsOf(model(fn, role, attached, queue("jobs")), fn);
    expect(keys(flows)).toEqual(["worker → jobs (read)", "worker → jobs (write)"]);
    expect(undetermined).toEqual([]);
  });

  it("reports what it cannot tell: unknown role, unresolved policy or resource", () => {
    const fn = lambdaFunction("orders", { role: unknown("Ref RoleParam") });
    expect(flowsOf(model(fn), fn)).toEqual({ flows: [], undetermined: [unknown("Ref RoleParam")] });
    const missing = lambdaFunction("other");
    expect(flowsOf(model(missing), missing).undetermined[0]?.reason).toContain("is not in the model");
    const { fn: withImport, resources } = app({
      Effect: "Allow",
      Action: "dynamodb:GetItem",
      Resource: unknown("Fn::ImportValue SharedTable"),
    });
    const result = flowsOf(model(...resources), withImport);
    expect(result.flows).toEqual([]);
    expect(result.undetermined).toEqual([unknown("Fn::ImportValue SharedTable")]);
  });
});

describe("diffFlows", () => {
  it("keys flows by function, store and access", () => {
    const before = app({ Effect: "Allow", Action: "dynamodb:GetItem", Resource: arns.table("orders") });
    const after = app(
      { Effect: "Allow", Action: "dynamodb:PutItem", Resource: arns.table("orders") },
      { Effect: "Allow", Action: "s3:GetObject", Resource: `${arns.bucket("uploads")}/*` },
    );
    const diff = diffFlows(modelFlows(model(...before.resources)).flows, modelFlows(model(...after.resources)).flows);
    expect(keys(diff.added)).toEqual(["orders → orders (write)", "orders → uploads (read)"]);
    expect(keys(diff.removed)).toEqual(["orders → orders (read)"]);
  });
});
