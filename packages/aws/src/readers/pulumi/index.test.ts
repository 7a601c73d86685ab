import { type EventSourceMapping, isUnknown, type LambdaFunction, type SqsQueue } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { type PulumiResourceState, readPulumiResources } from "./index.ts";

const ACCOUNT = "123456789012";
const FUNCTION_ARN = `arn:aws:lambda:us-east-1:${ACCOUNT}:function:app-Fn`;
const QUEUE_URL = `https://sqs.us-east-1.amazonaws.com/${ACCOUNT}/app-Queue`;

function state(type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}) {
  return { type, name, urn: `urn:pulumi:test::app::${type}::${name}`, inputs, outputs } satisfies PulumiResourceState;
}

const fn = state(
  "aws:lambda/function:Function",
  "Fn",
  { role: `arn:aws:iam::${ACCOUNT}:role/app-FnRole`, runtime: "nodejs24.x", reservedConcurrentExecutions: -1 },
  { arn: FUNCTION_ARN, name: "app-Fn" },
);
const queue = state(
  "aws:sqs/queue:Queue",
  "Queue",
  {},
  { arn: `arn:aws:sqs:us-east-1:${ACCOUNT}:app-Queue`, url: QUEUE_URL },
);

describe("readPulumiResources", () => {
  it("applies Lambda's defaults to what the program left out, and reads -1 as no reservation", () => {
    const [read] = readPulumiResources([fn]) as [LambdaFunction];
    expect(read).toMatchObject({
      kind: "lambda.function",
      id: FUNCTION_ARN,
      name: "app-Fn",
      origin: { type: "pulumi", urn: fn.urn },
      timeoutSeconds: 3,
      memoryMb: 128,
      architectures: ["x86_64"],
      tracing: "PassThrough",
    });
    expect(read.reservedConcurrency).toBeUndefined();
    expect(read.asyncInvoke).toBeUndefined();
    expect(isUnknown(read.lastModified)).toBe(true);
  });

  it("builds the function's resource policy from its permissions and its async settings from its invoke config", () => {
    const [read] = readPulumiResources([
      fn,
      state("aws:lambda/permission:Permission", "FnFromRule", {
        action: "lambda:InvokeFunction",
        function: "app-Fn",
        principal: "events.amazonaws.com",
        sourceArn: `arn:aws:events:us-east-1:${ACCOUNT}:rule/app-Rule`,
      }),
      state("aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig", "FnInvoke", {
        functionName: "app-Fn",
        maximumRetryAttempts: 1,
        destinationConfig: { onFailure: { destination: "arn:aws:sqs:us-east-1:123456789012:app-Failed" } },
      }),
    ]) as [LambdaFunction];
    expect(read.asyncInvoke).toEqual({
      maximumRetryAttempts: 1,
      maximumEventAgeSeconds: 21_600,
      onFailure: "arn:aws:sqs:us-east-1:123456789012:app-Failed",
    });
    expect(isUnknown(read.policy) ? [] : read.policy.statements).toHaveLength(1);
  });

  it("leaves a queue's encryption unknown when the program left it to the provider, and reads its policy", () => {
    const policy = { Version: "2012-10-17", Statement: [{ Effect: "Allow", Principal: "*", Action: "sqs:*" }] };
    const [read] = readPulumiResources([
      queue,
      state("aws:sqs/queuePolicy:QueuePolicy", "QueuePolicy", { queueUrl: QUEUE_URL, policy: JSON.stringify(policy) }),
    ]) as [SqsQueue];
    expect(isUnknown(read.encryption)).toBe(true);
    expect(isUnknown(read.policy) ? [] : read.policy.statements).toHaveLength(1);
  });

  it("reads an event source mapping, joined on the function's ARN whether the program named it by name or ARN", () => {
    const mapping = (functionName: string) =>
      state(
        "aws:lambda/eventSourceMapping:EventSourceMapping",
        "FnQueueMapping",
        {
          functionName,
          eventSourceArn: queue.outputs.arn,
          functionResponseTypes: ["ReportBatchItemFailures"],
          batchSize: 10,
          scalingConfig: { maximumConcurrency: 5 },
        },
        { arn: `arn:aws:lambda:us-east-1:${ACCOUNT}:event-source-mapping:m-1`, uuid: "m-1" },
      );
    for (const functionName of ["app-Fn", FUNCTION_ARN]) {
      const read = readPulumiResources([fn, queue, mapping(functionName)]).find(
        (r): r is EventSourceMapping => r.kind === "lambda.event-source-mapping",
      );
      expect(read, functionName).toMatchObject({
        name: "m-1",
        functionArn: FUNCTION_ARN,
        eventSourceArn: queue.outputs.arn,
        enabled: true,
        batchSize: 10,
        maximumConcurrency: 5,
      });
    }
  });

  it("adds the published documents of the AWS-managed policies a role attaches, once each", () => {
    const basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    const role = (name: string) =>
      state(
        "aws:iam/role:Role",
        name,
        { assumeRolePolicy: { Statement: [] }, managedPolicyArns: [basic, "arn:aws:iam::aws:policy/NotPublished"] },
        { arn: `arn:aws:iam::${ACCOUNT}:role/${name}` },
      );
    const policies = readPulumiResources([role("A"), role("B")]).filter((r) => r.kind === "iam.managed-policy");
    expect(policies).toEqual([
      expect.objectContaining({ id: basic, awsManaged: true, origin: { type: "pulumi", urn: role("A").urn } }),
    ]);
  });

  it("skips types the model has no kind for", () => {
    expect(readPulumiResources([state("aws:cloudwatch/logGroup:LogGroup", "Logs", {}, { arn: "arn:x" })])).toEqual([]);
  });
});
