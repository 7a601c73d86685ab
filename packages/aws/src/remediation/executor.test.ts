import { PutFunctionConcurrencyCommand } from "@aws-sdk/client-lambda";
import { type PlannedCall, REMEDIATIONS } from "@vigil/core";
import { afterEach, describe, expect, it, vi } from "vitest";
import { operationOf } from "../readers/live/permissions.ts";
import { FAKE_REGION, type FakeAccount, fakeAccount } from "../readers/live/testing/fake-account.ts";
import {
  createRemediationClients,
  executePlan,
  REMEDIATION_OPERATIONS,
  remediationOperation,
  UnknownOperationError,
} from "./executor.ts";
import { observe, PLAN_SCENARIOS, planFor } from "./testing/plan-scenarios.ts";

let fake: FakeAccount | undefined;
afterEach(() => {
  fake?.restore();
  fake = undefined;
  vi.unstubAllEnvs();
});

function account(): FakeAccount {
  fake = fakeAccount(1);
  return fake;
}

/** Every call of every plan and undo, each plan made from its scenario's failing state as read live. */
async function everyPlannedCall(): Promise<{ ruleId: string; calls: PlannedCall[]; undo: PlannedCall[] }[]> {
  const planned = [];
  for (const scenario of PLAN_SCENARIOS) {
    const stubbed = fakeAccount(1);
    scenario.before(stubbed.stubs);
    const plan = planFor(scenario, (await observe(stubbed, scenario)).resource);
    stubbed.restore();
    planned.push({ ruleId: scenario.ruleId, calls: [...(plan?.calls ?? [])], undo: [...(plan?.undo ?? [])] });
  }
  return planned;
}

/** The Smithy namespace of each service's commands. */
const NAMESPACES: Record<keyof typeof REMEDIATION_OPERATIONS, string> = {
  lambda: "com.amazonaws.lambda",
  iam: "com.amazonaws.iam",
  dynamodb: "com.amazonaws.dynamodb",
  sqs: "com.amazonaws.sqs",
  sns: "com.amazonaws.sns",
  s3: "com.amazonaws.s3",
  apigateway: "com.amazonaws.apigateway",
  apigatewayv2: "com.amazonaws.apigatewayv2",
};

const put = (FunctionName: string, ReservedConcurrentExecutions: number): PlannedCall => ({
  service: "lambda",
  operation: "PutFunctionConcurrency",
  input: { FunctionName, ReservedConcurrentExecutions },
  iamAction: "lambda:PutFunctionConcurrency",
});

/** An SDK error as the client throws it after its retries. */
const sdkError = (name: string, status: number) =>
  Object.assign(new Error(`${name}: refused`), { name, $metadata: { httpStatusCode: status, attempts: 1 } });

describe("remediation operations", () => {
  it("has a command for every call of every plan and undo, authorised by the IAM action the plan declares", async () => {
    const planned = await everyPlannedCall();
    expect(planned.map((p) => p.ruleId).sort()).toEqual(REMEDIATIONS.map((r) => r.ruleId).sort());
    for (const { ruleId, calls, undo } of planned) {
      expect(calls.length, ruleId).toBeGreaterThan(0);
      const planner = REMEDIATIONS.find((r) => r.ruleId === ruleId);
      for (const call of [...calls, ...undo]) {
        const where = `${ruleId}: ${call.service}.${call.operation}`;
        expect(remediationOperation(call)?.iamAction, where).toBe(call.iamAction);
      }
      // The remediator's grant is computed from `actions`: every call it makes must be among them.
      for (const call of calls) expect(planner?.actions, ruleId).toContain(call.iamAction);
    }
    // No operation beyond what the plans need: the executor can do nothing else.
    const used = new Set(planned.flatMap((p) => [...p.calls, ...p.undo]).map((c) => `${c.service}.${c.operation}`));
    const table = Object.entries(REMEDIATION_OPERATIONS).flatMap(([service, operations]) =>
      Object.keys(operations).map((operation) => `${service}.${operation}`),
    );
    expect(table.sort()).toEqual([...used].sort());
  });

  it("maps each (service, operation) to that service's command of that operation", () => {
    for (const [service, operations] of Object.entries(REMEDIATION_OPERATIONS)) {
      for (const [operation, { command }] of Object.entries(operations)) {
        const instance = new (command as new (input: object) => { schema?: unknown })({});
        expect(operationOf(instance), `${service}.${operation}`).toBe(operation);
        expect((instance.schema as unknown[])[1], `${service}.${operation}`).toBe(
          NAMESPACES[service as keyof typeof NAMESPACES],
        );
      }
    }
  });
});

describe("executePlan", () => {
  it("makes the calls in order with their exact inputs", async () => {
    const { stubs, clients } = account();
    const calls = [put("fn-0", 5), put("fn-1", 7)];
    expect(await executePlan(calls, clients(FAKE_REGION))).toEqual({ status: "applied", calls });
    expect(stubs.lambda.commandCalls(PutFunctionConcurrencyCommand).map((c) => c.args[0].input)).toEqual([
      { FunctionName: "fn-0", ReservedConcurrentExecutions: 5 },
      { FunctionName: "fn-1", ReservedConcurrentExecutions: 7 },
    ]);
  });

  it("stops at the first failure: earlier calls stand, later ones are never sent", async () => {
    const { stubs, clients } = account();
    const refusal = sdkError("TooManyRequestsException", 429);
    stubs.lambda.on(PutFunctionConcurrencyCommand, { FunctionName: "fn-1" }).rejects(refusal);
    const calls = [put("fn-0", 5), put("fn-1", 5), put("fn-2", 5)];
    expect(await executePlan(calls, clients(FAKE_REGION))).toEqual({
      status: "failed",
      completed: [calls[0]],
      failed: calls[1],
      error: refusal,
    });
    expect(stubs.lambda.commandCalls(PutFunctionConcurrencyCommand)).toHaveLength(2);
  });

  it.each([
    ["access denied", sdkError("AccessDeniedException", 403)],
    ["a missing resource", sdkError("ResourceNotFoundException", 404)],
    ["a conflicting update", sdkError("ResourceConflictException", 409)],
    ["a network failure", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" })],
  ])("answers %s as a failed result, never an exception", async (_, error) => {
    const { stubs, clients } = account();
    stubs.lambda.on(PutFunctionConcurrencyCommand).rejects(error);
    const call = put("fn-0", 5);
    await expect(executePlan([call], clients(FAKE_REGION))).resolves.toEqual({
      status: "failed",
      completed: [],
      failed: call,
      error,
    });
  });

  it("throws for an operation it has no command for, before sending any call", async () => {
    const { stubs, clients } = account();
    const unknownOperation: PlannedCall = {
      service: "lambda",
      operation: "DeleteFunction",
      input: { FunctionName: "fn-0" },
      iamAction: "lambda:DeleteFunction",
    };
    await expect(executePlan([put("fn-0", 5), unknownOperation], clients(FAKE_REGION))).rejects.toThrow(
      UnknownOperationError,
    );
    // An inherited property is no operation either.
    await expect(executePlan([{ ...unknownOperation, operation: "toString" }], clients(FAKE_REGION))).rejects.toThrow(
      UnknownOperationError,
    );
    expect(stubs.lambda.calls()).toHaveLength(0);
  });
});

describe("createRemediationClients", () => {
  it("builds the clients of every service a plan calls for one region, with adaptive retry", async () => {
    const clients = createRemediationClients("eu-west-1");
    expect(Object.keys(clients).sort()).toEqual(Object.keys(REMEDIATION_OPERATIONS).sort());
    expect(await clients.lambda.config.region()).toBe("eu-west-1");
    expect(await clients.iam.config.retryStrategy()).toMatchObject({ mode: "adaptive" });
  });

  it("sends every call to AWS_ENDPOINT_URL when set (a local moto server), S3 path-style", async () => {
    vi.stubEnv("AWS_ENDPOINT_URL", "http://127.0.0.1:5000");
    const clients = createRemediationClients("us-east-1");
    expect(clients.s3.config.forcePathStyle).toBe(true);
    expect(await clients.sqs.config.endpoint?.()).toMatchObject({ hostname: "127.0.0.1", port: 5000 });
  });
});
