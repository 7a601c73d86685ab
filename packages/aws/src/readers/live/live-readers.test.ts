import { GetRestApisCommand } from "@aws-sdk/client-api-gateway";
import { GetApisCommand } from "@aws-sdk/client-apigatewayv2";
import { ListTagsOfResourceCommand } from "@aws-sdk/client-dynamodb";
import { GetAccountAuthorizationDetailsCommand } from "@aws-sdk/client-iam";
import {
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetFunctionCommand,
  GetFunctionRecursionConfigCommand,
  GetFunctionUrlConfigCommand,
  GetPolicyCommand,
  ListCodeSigningConfigsCommand,
  ListEventSourceMappingsCommand,
  ListFunctionsCommand,
} from "@aws-sdk/client-lambda";
import { GetResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import { ListTagsForResourceCommand } from "@aws-sdk/client-sns";
import { GetQueueAttributesCommand, ListQueueTagsCommand } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand } from "@aws-sdk/client-sts";
import {
  type IamRole,
  isUnknown,
  type LambdaFunction,
  RESOURCE_KINDS,
  type Resource,
  type RestApi,
  type SqsQueue,
  unknown,
} from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { UndeclaredActionError } from "./permissions.ts";
import { AccountIdentityError, type LiveReadResult, readAccount, readTargeted } from "./read-account.ts";
import type { ReadProgressEvent } from "./session.ts";
import {
  FAKE_REGION,
  type FakeAccount,
  fakeAccount,
  fakeArns,
  fakeFunctionConfiguration,
} from "./testing/fake-account.ts";

let fake: FakeAccount;
beforeEach(() => {
  fake = fakeAccount(2);
});
afterEach(() => fake.restore());

const read = () => readAccount({ region: FAKE_REGION, clients: fake.clients });
const byArn = <T extends Resource>(resources: readonly Resource[], arn: string) =>
  resources.find((r) => r.arn === arn) as T;

/** An SDK error as the client throws it after its retries. */
function sdkError(name: string, status: number, attempts = 1, message = name) {
  return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status, attempts } });
}

describe("live readers: model", () => {
  it("builds every kind with AWS defaults applied and list-call economy", async () => {
    const result = await read();
    expect(result.errors).toEqual([]);
    expect(new Set(result.resources.map((r) => r.kind))).toEqual(
      new Set([
        "lambda.function",
        "lambda.event-source-mapping",
        "iam.role",
        "iam.managed-policy",
        "apigateway.rest-api",
        "apigateway.stage",
        "apigateway.method",
        "apigatewayv2.api",
        "apigatewayv2.stage",
        "apigatewayv2.route",
        "s3.bucket",
        "sqs.queue",
        "sns.topic",
        "dynamodb.table",
        "events.rule",
        "cognito.user-pool",
      ]),
    );
    const fn = byArn<LambdaFunction>(result.resources, fakeArns.fn(0));
    expect(fn).toMatchObject({
      origin: { type: "live", account: "123456789012", region: FAKE_REGION },
      runtime: "nodejs22.x",
      role: fakeArns.role(0),
      environment: [{ name: "TABLE", value: "table-0" }],
      reservedConcurrency: 10,
      recursiveLoop: "Terminate",
      tracing: "Active",
      codeSigning: { untrustedArtifactOnDeployment: "Enforce" },
    });
    expect(fn.vpc).toBeUndefined(); // Lambda's empty VpcConfig means "not in a VPC"
    expect(fn.url).toBeUndefined(); // GetFunctionUrlConfig: ResourceNotFoundException = no URL
    expect(fn.asyncInvoke).toBeUndefined();
    expect(byArn<LambdaFunction>(result.resources, fakeArns.fn(1)).policy).toEqual({ statements: [] });
    // URL-encoded IAM documents are decoded.
    const role = byArn<IamRole>(result.resources, fakeArns.role(0));
    expect(isUnknown(role.trustPolicy)).toBe(false);
    expect(role.inlinePolicies[0]?.document).toMatchObject({ statements: [{ effect: "Allow" }, { effect: "Allow" }] });
    // One GetAccountAuthorizationDetails page for all roles, one ListFunctions page for all functions.
    expect(fake.stubs.iam.commandCalls(GetAccountAuthorizationDetailsCommand)).toHaveLength(1);
    expect(fake.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(1);
    expect(result.calls.lambda?.calls).toBeGreaterThan(0);
  });

  it("takes the tags of functions and tables from the Tagging API, a page per 100 resources", async () => {
    fake.restore();
    fake = fakeAccount(120); // 240 tagged resources: three pages
    const unlimited = Number.POSITIVE_INFINITY;
    const rates = { lambda: unlimited, dynamodb: unlimited, sqs: unlimited };
    const result = await readAccount({ region: FAKE_REGION, clients: fake.clients, rates });
    for (const arn of [fakeArns.fn(0), fakeArns.fn(119), fakeArns.table(119)]) {
      expect(byArn(result.resources, arn).tags).toEqual({ app: "orders" });
    }
    expect(fake.stubs.tagging.commandCalls(GetResourcesCommand)).toHaveLength(3);
    expect(fake.stubs.dynamodb.commandCalls(ListTagsOfResourceCommand)).toHaveLength(0);
    expect(byArn(result.resources, fakeArns.queue(0)).tags).toEqual({}); // untagged: absent from the answer
  });

  it("accepts IAM documents as raw JSON too (moto answers so)", async () => {
    const raw = JSON.stringify({ Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*", Resource: "*" } });
    fake.stubs.iam.on(GetAccountAuthorizationDetailsCommand).resolves({
      RoleDetailList: [
        {
          RoleName: "admin",
          Arn: "arn:aws:iam::123456789012:role/admin",
          AssumeRolePolicyDocument: raw,
          RolePolicyList: [{ PolicyName: "all", PolicyDocument: raw }],
        },
      ],
      IsTruncated: false,
    });
    const role = byArn<IamRole>((await read()).resources, "arn:aws:iam::123456789012:role/admin");
    expect(role.inlinePolicies[0]?.document).toMatchObject({ statements: [{ action: { values: ["*"] } }] });
  });

  it("unescapes a REST API policy as API Gateway returns it", async () => {
    const policy = JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "*" }],
    }).replace(/"/g, '\\"');
    fake.stubs.apigateway.on(GetRestApisCommand).resolves({ items: [{ id: "rest1", name: "orders", policy }] });
    const api = byArn<RestApi>((await read()).resources, fakeArns.restApi);
    expect(api.policy).toMatchObject({ statements: [{ principal: { principals: { anyone: true } } }] });
    expect(api.endpointTypes).toEqual(["EDGE"]);
  });
});

describe("live readers: failures are errors, never passes", () => {
  it("AccessDenied names the missing permission, leaves the field unknown and reads on", async () => {
    fake.stubs.lambda
      .on(GetPolicyCommand, { FunctionName: fakeArns.fn(0) })
      .rejects(sdkError("AccessDeniedException", 403));
    const result = await read();
    expect(byArn<LambdaFunction>(result.resources, fakeArns.fn(0)).policy).toEqual(unknown("lambda:GetPolicy denied"));
    expect(result.errors).toEqual([
      expect.objectContaining({
        service: "lambda",
        action: "lambda:GetPolicy",
        kind: "access-denied",
        resource: fakeArns.fn(0),
      }),
    ]);
    expect(byArn<LambdaFunction>(result.resources, fakeArns.fn(1)).reservedConcurrency).toBe(10);
  });

  it("a denied Tagging API is an error naming tag:GetResources; every resource is still read, its tags unknown", async () => {
    fake.stubs.tagging.on(GetResourcesCommand).rejects(sdkError("AccessDeniedException", 400));
    const result = await read();
    expect(result.errors).toEqual([expect.objectContaining({ action: "tag:GetResources", kind: "access-denied" })]);
    // Unread tags are not "no tags": neither the tagged function nor the untagged queue may read as untagged.
    for (const arn of [fakeArns.fn(0), fakeArns.queue(0), fakeArns.bucket]) {
      expect(byArn(result.resources, arn).tags).toEqual(unknown("tag:GetResources denied"));
    }
    expect(byArn<LambdaFunction>(result.resources, fakeArns.fn(0)).reservedConcurrency).toBe(10);
  });

  it("an HTML 404 (an operation the endpoint lacks) is 'operation not available' and unknown, not 'not configured'", async () => {
    const html = (status: number) =>
      sdkError("SyntaxError", status, 1, `Unexpected token '<', "<!doctype "... is not valid JSON`);
    fake.stubs.lambda
      .on(GetFunctionRecursionConfigCommand)
      .rejects(html(404))
      .on(GetFunctionUrlConfigCommand)
      .rejects(html(200));
    const result = await read();
    const fn = byArn<LambdaFunction>(result.resources, fakeArns.fn(0));
    expect(fn.recursiveLoop).toEqual(unknown("lambda:GetFunctionRecursionConfig not available at the endpoint"));
    expect(result.errors.filter((e) => e.action === "lambda:GetFunctionRecursionConfig")).toEqual([
      expect.objectContaining({
        kind: "unavailable",
        message: "HTTP 404 from the lambda endpoint: operation not available",
      }),
      expect.objectContaining({ kind: "unavailable" }),
    ]);
    // Any other answer that does not parse is unreadable, whatever its status.
    expect(fn.url).toEqual(unknown("lambda:GetFunctionUrlConfig failed: unreadable response"));
    expect(result.errors.filter((e) => e.kind === "unsupported")).toHaveLength(2);
  });

  it("a call that gets no answer (connection refused, DNS, timeout) is 'cannot reach', naming the endpoint", async () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:9"), { code: "ECONNREFUSED" });
    const timedOut = Object.assign(new Error("socket timed out"), { name: "TimeoutError" });
    fake.stubs.sqs.on(GetQueueAttributesCommand).rejects(refused);
    fake.stubs.lambda.on(GetPolicyCommand).rejects(timedOut);
    const result = await read();
    expect(byArn<Resource & { encryption: unknown }>(result.resources, fakeArns.queue(0)).encryption).toEqual(
      unknown("sqs:GetQueueAttributes failed: endpoint unreachable"),
    );
    expect(new Set(result.errors.map((e) => `${e.kind} ${e.message}`))).toEqual(
      new Set([
        "unreachable cannot reach the sqs endpoint: connect ECONNREFUSED 127.0.0.1:9",
        "unreachable cannot reach the lambda endpoint: socket timed out",
      ]),
    );
  });

  it("throttling that outlasts the retries is counted and reported", async () => {
    fake.stubs.sqs.on(GetQueueAttributesCommand).rejects(sdkError("ThrottlingException", 400, 6));
    const result = await read();
    expect(result.calls.sqs).toEqual({ calls: 3, retries: 10, throttled: 2 });
    expect(result.errors.filter((e) => e.kind === "throttled").map((e) => e.action)).toEqual([
      "sqs:GetQueueAttributes",
      "sqs:GetQueueAttributes",
    ]);
    const queue = byArn<Resource & { encryption: unknown }>(result.resources, fakeArns.queue(0));
    expect(queue.encryption).toEqual(unknown("sqs:GetQueueAttributes throttled"));
  });

  it("a failed list page is an error entry, and its kinds (parts included) incomplete in the coverage", async () => {
    fake.stubs.apigatewayv2.on(GetApisCommand).rejects(sdkError("AccessDeniedException", 403));
    const result = await read();
    expect(result.errors).toEqual([expect.objectContaining({ action: "apigateway:GET", kind: "access-denied" })]);
    const why = unknown(`apigateway:GET denied (${FAKE_REGION}): the apigatewayv2.api list is incomplete`);
    expect(result.coverage).toEqual({
      scope: "account",
      incompleteKinds: new Map([
        ["apigatewayv2.api", why],
        ["apigatewayv2.stage", unknown(why.reason.replace("apigatewayv2.api", "apigatewayv2.stage"))],
        ["apigatewayv2.route", unknown(why.reason.replace("apigatewayv2.api", "apigatewayv2.route"))],
      ]),
    });
  });

  it("reads only the readers of the kinds asked for; the kinds left out are incomplete, never empty", async () => {
    const result = await readAccount({ region: FAKE_REGION, clients: fake.clients, kinds: ["sqs.queue"] });
    expect(new Set(result.resources.map((r) => r.kind))).toEqual(new Set(["sqs.queue"]));
    const called = Object.entries(fake.stubs).filter(([, stub]) => stub.calls().length > 0);
    expect(called.map(([service]) => service).sort()).toEqual(["sqs", "sts", "tagging"]);
    if (result.coverage.scope !== "account") throw new Error("not an account read");
    const { incompleteKinds } = result.coverage;
    expect(incompleteKinds.has("sqs.queue")).toBe(false);
    expect(incompleteKinds.get("lambda.function")).toEqual(unknown("lambda.function not read: not asked for"));
    expect([...incompleteKinds.keys()].sort()).toEqual(RESOURCE_KINDS.filter((kind) => kind !== "sqs.queue").sort());
  });

  it("a resource whose own read fails stays in the list, its kind complete, its fields unknown", async () => {
    fake.stubs.sqs.on(GetQueueAttributesCommand).rejects(sdkError("AccessDeniedException", 403));
    fake.stubs.lambda.on(ListEventSourceMappingsCommand).rejects(sdkError("ThrottlingException", 400, 6));
    const result = await read();
    expect(result.coverage).toEqual({
      scope: "account",
      incompleteKinds: new Map([
        [
          "lambda.event-source-mapping",
          unknown(
            `lambda:ListEventSourceMappings throttled (${FAKE_REGION}): the lambda.event-source-mapping list is incomplete`,
          ),
        ],
      ]),
    });
    const why = unknown("sqs:GetQueueAttributes denied");
    // Whether it has a dead-letter queue is as unknown as the rest: never "no redrive policy".
    expect(byArn<SqsQueue>(result.resources, fakeArns.queue(0))).toMatchObject({
      redrive: { deadLetterTargetArn: why, maxReceiveCount: why },
      encryption: why,
    });
  });

  it("GetFunction's TagsError (no lambda:ListTags) leaves a targeted function's tags unknown, naming the permission", async () => {
    fake.stubs.lambda.on(GetFunctionCommand).callsFake(() => ({
      Configuration: fakeFunctionConfiguration(0),
      TagsError: { ErrorCode: "AccessDeniedException", Message: "not authorized to perform lambda:ListTags" },
    }));
    const result = await readTargeted(
      { kind: "lambda.function", arn: fakeArns.fn(0) },
      { region: FAKE_REGION, clients: fake.clients },
    );
    expect(byArn(result.resources, fakeArns.fn(0)).tags).toEqual(unknown("lambda:ListTags denied"));
    expect(result.errors).toContainEqual(
      expect.objectContaining({ action: "lambda:ListTags", kind: "access-denied", resource: fakeArns.fn(0) }),
    );
  });

  it("credentials that identify no account stop the read with a clear error", async () => {
    fake.stubs.sts.on(GetCallerIdentityCommand).rejects(sdkError("ExpiredToken", 403, 1, "token expired"));
    await expect(read()).rejects.toThrow(AccountIdentityError);
  });

  it("an STS endpoint that does not answer stops the read as unreachable, not as a credentials problem", async () => {
    const notFound = Object.assign(new Error("getaddrinfo ENOTFOUND sts.example"), { code: "ENOTFOUND" });
    fake.stubs.sts.on(GetCallerIdentityCommand).rejects(notFound);
    const error = await read().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AccountIdentityError);
    expect(error).toMatchObject({
      failure: "unreachable",
      message: "cannot reach the sts endpoint: getaddrinfo ENOTFOUND sts.example",
    });
  });

  it("an undeclared action fails loudly", async () => {
    const { ReadLedger, ReadSession } = await import("./session.ts");
    const { ConcurrencyLimit, TokenBucket } = await import("./budget.ts");
    const bucket = new TokenBucket(Number.POSITIVE_INFINITY);
    const session = new ReadSession(
      { account: "123456789012", partition: "aws", region: FAKE_REGION },
      fake.clients(FAKE_REGION),
      { limit: new ConcurrencyLimit(1), budgets: new Proxy({}, { get: () => bucket }) as never },
      new ReadLedger(),
      new Set(["lambda:ListFunctions"]),
    );
    await expect(session.call("lambda", new GetPolicyCommand({ FunctionName: "f" }))).rejects.toThrow(
      UndeclaredActionError,
    );
  });
});

describe("live readers: code signing", () => {
  const CONFIG = `arn:aws:lambda:${FAKE_REGION}:123456789012:code-signing-config:csc-1`;
  const enforced = { configArn: CONFIG, untrustedArtifactOnDeployment: "Enforce" };
  const codeSigningOf = (result: LiveReadResult, i: number) =>
    byArn<LambdaFunction>(result.resources, fakeArns.fn(i)).codeSigning;

  it.each([
    ["denied", sdkError("AccessDeniedException", 403)],
    ["not implemented by the endpoint", sdkError("SyntaxError", 404, 1, "Unexpected token '<'")],
  ])("where ListCodeSigningConfigs is %s, reads it per function, each configuration once", async (_, error) => {
    fake.restore();
    fake = fakeAccount(3);
    fake.stubs.lambda
      .on(ListCodeSigningConfigsCommand)
      .rejects(error)
      .on(GetFunctionCodeSigningConfigCommand)
      .callsFake((input: { FunctionName?: string }) =>
        input.FunctionName === fakeArns.fn(1) ? {} : { CodeSigningConfigArn: CONFIG },
      );
    const result = await read();
    expect([0, 1, 2].map((i) => codeSigningOf(result, i))).toEqual([enforced, undefined, enforced]);
    expect(fake.stubs.lambda.commandCalls(GetFunctionCodeSigningConfigCommand)).toHaveLength(3);
    expect(fake.stubs.lambda.commandCalls(GetCodeSigningConfigCommand)).toHaveLength(1);
  });

  it("where the list failed otherwise (throttled), code signing is unknown without a call per function", async () => {
    fake.stubs.lambda.on(ListCodeSigningConfigsCommand).rejects(sdkError("ThrottlingException", 400, 6));
    const result = await read();
    expect(codeSigningOf(result, 1)).toEqual(unknown("lambda:ListCodeSigningConfigs throttled"));
    expect(fake.stubs.lambda.commandCalls(GetFunctionCodeSigningConfigCommand)).toHaveLength(0);
  });
});

describe("live readers: progress and targeted reads", () => {
  it("counts each kind's own errors, not those of the service that reads it", async () => {
    fake.stubs.lambda.on(ListEventSourceMappingsCommand).rejects(sdkError("AccessDeniedException", 403));
    const finished = new Map<string, number>();
    await readAccount({
      region: FAKE_REGION,
      clients: fake.clients,
      onProgress: (e) => e.type === "finished" && finished.set(e.kind, e.errors),
    });
    expect(finished.get("lambda.function")).toBe(0);
    expect(finished.get("lambda.event-source-mapping")).toBe(1);
  });

  it("reports progress per region and kind", async () => {
    const events: ReadProgressEvent[] = [];
    await readAccount({ region: FAKE_REGION, clients: fake.clients, onProgress: (e) => events.push(e) });
    const functions = events.filter((e) => e.kind === "lambda.function");
    expect(functions[0]).toEqual({ type: "started", region: FAKE_REGION, kind: "lambda.function" });
    expect(functions).toContainEqual({
      type: "progress",
      region: FAKE_REGION,
      kind: "lambda.function",
      done: 2,
      total: 2,
    });
    expect(functions.at(-1)).toEqual({
      type: "finished",
      region: FAKE_REGION,
      kind: "lambda.function",
      resources: 2,
      errors: 0,
    });
  });

  it("reads a function with its declared context: role, policies, mappings, the queue it polls, the table it writes", async () => {
    const result = await readTargeted(
      { kind: "lambda.function", arn: fakeArns.fn(1) },
      { region: FAKE_REGION, clients: fake.clients },
    );
    expect(result.subject?.arn).toBe(fakeArns.fn(1));
    expect(result.coverage).toMatchObject({ scope: "neighbourhood", gaps: new Map() });
    expect(result.resources.map((r) => r.arn).sort()).toEqual(
      [
        fakeArns.fn(1),
        fakeArns.mapping(1),
        fakeArns.role(1),
        fakeArns.queue(1),
        fakeArns.table(1),
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
      ].sort(),
    );
    expect(byArn<LambdaFunction>(result.resources, fakeArns.fn(1)).tags).toEqual({ app: "orders" });
    expect(result.errors).toEqual([]);
  });

  it("reads a role with the functions that use it, listed or hinted", async () => {
    const listed = await readTargeted(
      { kind: "iam.role", arn: fakeArns.role(0) },
      { region: FAKE_REGION, clients: fake.clients },
    );
    expect(listed.resources.filter((r) => r.kind === "lambda.function").map((r) => r.arn)).toEqual([fakeArns.fn(0)]);
    fake.stubs.lambda.resetHistory();
    const hinted = await readTargeted(
      { kind: "iam.role", arn: fakeArns.role(0) },
      { region: FAKE_REGION, clients: fake.clients, roleUsers: [fakeArns.fn(0)] },
    );
    expect(hinted.resources.some((r) => r.arn === fakeArns.fn(0))).toBe(true);
    expect(fake.stubs.lambda.commandCalls(ListFunctionsCommand)).toHaveLength(0);
  });

  it("reads a bucket's, queue's and topic's tags with their own calls: NoSuchTagSet is none, a denied call unknown", async () => {
    const tagsOf = async (kind: "s3.bucket" | "sqs.queue" | "sns.topic", arn: string) => {
      const result = await readTargeted({ kind, arn }, { region: FAKE_REGION, clients: fake.clients });
      return byArn(result.resources, arn).tags;
    };
    expect(await tagsOf("s3.bucket", fakeArns.bucket)).toEqual({}); // NoSuchTagSet
    fake.restore();
    fake = fakeAccount(2, { dataFlows: true });
    expect(await tagsOf("s3.bucket", fakeArns.bucket)).toEqual({ owner: "data" });
    fake.stubs.sqs.on(ListQueueTagsCommand).resolves({ Tags: { owner: "jobs" } });
    expect(await tagsOf("sqs.queue", fakeArns.queue(0))).toEqual({ owner: "jobs" });
    fake.stubs.sqs.on(ListQueueTagsCommand).rejects(sdkError("AccessDeniedException", 403));
    expect(await tagsOf("sqs.queue", fakeArns.queue(0))).toEqual(unknown("sqs:ListQueueTags denied"));
    fake.stubs.sns.on(ListTagsForResourceCommand).rejects(sdkError("InternalError", 500, 3));
    expect(await tagsOf("sns.topic", fakeArns.topic)).toEqual(unknown("sns:ListTagsForResource failed"));
  });

  it("a resource that no longer exists reads as nothing", async () => {
    const result = await readTargeted(
      { kind: "lambda.function", arn: fakeArns.fn(99) },
      { region: FAKE_REGION, clients: fake.clients },
    );
    expect(result.resources).toEqual([]);
    expect(result.errors).toEqual([]);
  });
});
