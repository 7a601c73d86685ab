import { GetRoleCommand } from "@aws-sdk/client-iam";
import {
  GetAccountSettingsCommand,
  GetFunctionCommand,
  ListFunctionsCommand,
  ResourceNotFoundException,
} from "@aws-sdk/client-lambda";
import { GetBucketPolicyCommand } from "@aws-sdk/client-s3";
import { isUnknown, type Resource, type ResourceKind, unknown } from "@vigil/core";
import { ACCOUNT, lambdaFunction, queue, REGION, table } from "@vigil/core/testing";
import { describe, expect, it } from "vitest";
import { readAccount, readTargeted, type TargetRef } from "../readers/live/read-account.ts";
import { UNLIMITED_RATES } from "../readers/live/testing/fake-account.ts";
import { ModelAccount, UnansweredCommandError, UnservableResourceError } from "./model-account.ts";
import { liveArns, liveShapedAccount } from "./testing/live-shaped-account.ts";

const byId = (resources: readonly Resource[]) => [...resources].sort((a, b) => a.id.localeCompare(b.id));

/**
 * Reader gaps: the sweeps of these kinds do not read tags and say so (tags unknown), although AWS holds them
 * (events:ListTagsForResource, iam:ListPolicyTags, lambda:ListTags). The state tags them all, so once a reader reads
 * a kind's tags this test fails until the kind leaves this list.
 */
const TAGS_NOT_SWEPT: readonly ResourceKind[] = ["events.rule", "iam.managed-policy", "lambda.event-source-mapping"];

/** The resource, with the tags a sweep does not read set aside. */
const sweepable = (resource: Resource) =>
  TAGS_NOT_SWEPT.includes(resource.kind) ? { ...resource, tags: "not swept" } : resource;

function accountOf(resources: readonly Resource[]) {
  return new ModelAccount({ account: ACCOUNT, region: REGION, resources });
}

function options(account: ModelAccount, region: string | readonly string[] = REGION) {
  return { region, clients: (r: string) => account.clients(r), rates: UNLIMITED_RATES };
}

describe("ModelAccount through the live readers", () => {
  it("reads back every resource of the state, whole, with no error", async () => {
    const state = liveShapedAccount();
    const read = await readAccount(options(accountOf(state)));
    expect(read.errors).toEqual([]);
    expect(read.account).toBe(ACCOUNT);
    const unswept = read.resources.filter((r) => TAGS_NOT_SWEPT.includes(r.kind));
    expect(unswept.length).toBeGreaterThan(0);
    expect(unswept.filter((r) => !isUnknown(r.tags))).toEqual([]);
    expect(byId(read.resources).map(sweepable)).toEqual(byId(state).map(sweepable));
  });

  it("sends no request: the HTTP handler of every client stays unused", async () => {
    const account = accountOf(liveShapedAccount());
    const offline = (region: string) => {
      const clients = account.clients(region);
      for (const client of Object.values(clients)) {
        (client.config.requestHandler as { handle: () => never }).handle = () => {
          throw new Error("a request left the process");
        };
      }
      return clients;
    };
    const read = await readAccount({ ...options(account), clients: offline });
    expect(read.errors).toEqual([]);
    expect(read.resources.length).toBe(liveShapedAccount().length);
  });

  it("pages every list the readers follow", async () => {
    // Past one page of ListFunctions (50), GetAccountAuthorizationDetails, ListTables, ListEventSourceMappings
    // and the Tagging API (100 each).
    const many = Array.from({ length: 120 }, (_, i) => [
      lambdaFunction(`fn-${i}`, { description: "", tags: { app: "bulk" } }),
      table(`table-${String(i).padStart(3, "0")}`, { encryption: "aws-owned" }),
      queue(`queue-${i}`, { redrive: undefined }),
    ]).flat();
    const account = accountOf(many);
    const read = await readAccount(options(account));
    expect(read.errors).toEqual([]);
    expect(byId(read.resources)).toEqual(byId(many));

    const lambda = account.clients(REGION).lambda;
    const first = await lambda.send(new ListFunctionsCommand({ MaxItems: 2 }));
    const second = await lambda.send(new ListFunctionsCommand({ MaxItems: 2, Marker: first.NextMarker }));
    expect(first.Functions?.map((f) => f.FunctionName)).toEqual(["fn-0", "fn-1"]);
    expect(second.Functions?.map((f) => f.FunctionName)).toEqual(["fn-2", "fn-3"]);
  });

  it("serves each region its own resources", async () => {
    const abroad = lambdaFunction("abroad", {
      id: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:abroad`,
      arn: `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:abroad`,
      origin: { type: "live", account: ACCOUNT, region: "eu-west-1" },
      description: "",
    });
    const home = lambdaFunction("home", { description: "" });
    const account = accountOf([home, abroad]);
    expect((await readAccount(options(account))).resources).toEqual([home]);
    expect(byId((await readAccount(options(account, [REGION, "eu-west-1"]))).resources)).toEqual(byId([abroad, home]));
  });

  it("sees a change made after its clients were built", async () => {
    const account = accountOf([queue("jobs")]);
    const opts = options(account);
    account.put(queue("jobs", { visibilityTimeoutSeconds: 900 }));
    account.put(queue("later", { redrive: undefined }));
    account.remove(queue("jobs").arn);
    expect((await readAccount(opts)).resources).toEqual([queue("later", { redrive: undefined })]);
  });
});

describe("ModelAccount for targeted reads", () => {
  const state = liveShapedAccount();
  const account = accountOf(state);
  const inState = (arn: string) => state.find((r) => r.arn === arn);
  const targeted = (ref: TargetRef) => readTargeted(ref, options(account));

  it("reads a function whole, with its mappings and its role under its path", async () => {
    const read = await targeted({ kind: "lambda.function", arn: liveArns.ordersFn });
    expect(read.errors).toEqual([]);
    expect(read.subject).toEqual(inState(liveArns.ordersFn));
    for (const arn of [liveArns.ordersRole, liveArns.dataPolicy, liveArns.uploads]) {
      expect(read.resources.find((r) => r.arn === arn)).toEqual(inState(arn));
    }
  });

  it("resolves a role named without its path to the role with its path", async () => {
    const read = await targeted({ kind: "iam.role", arn: `arn:aws:iam::${ACCOUNT}:role/orders-role` });
    expect(read.errors).toEqual([]);
    expect(read.subject).toEqual(inState(liveArns.ordersRole));
  });

  it("reads a queue by its ARN", async () => {
    const read = await targeted({ kind: "sqs.queue", arn: liveArns.deadLetters });
    expect(read.errors).toEqual([]);
    expect(read.subject).toEqual(inState(liveArns.deadLetters));
  });

  it.each([
    ["lambda.function", liveArns.workerFn],
    ["iam.role", liveArns.workerRole],
    ["sqs.queue", liveArns.jobs],
    ["dynamodb.table", liveArns.ordersTable],
  ] as const)("finds no %s once it is deleted, and no error", async (kind, arn) => {
    const deleted = accountOf(state);
    deleted.remove(arn);
    const read = await readTargeted({ kind, arn }, options(deleted));
    expect(read.errors).toEqual([]);
    expect(read.resources).toEqual([]);
    expect(read.subject).toBeUndefined();
  });
});

describe("ModelAccount as an AWS endpoint", () => {
  const account = accountOf(liveShapedAccount());

  it("fails as the SDK does, with the service's error name and status", async () => {
    const clients = account.clients(REGION);
    const missing = clients.lambda.send(new GetFunctionCommand({ FunctionName: "missing" }));
    await expect(missing).rejects.toBeInstanceOf(ResourceNotFoundException);
    await expect(missing).rejects.toMatchObject({ $metadata: { httpStatusCode: 404 } });
    await expect(clients.iam.send(new GetRoleCommand({ RoleName: "missing" }))).rejects.toMatchObject({
      name: "NoSuchEntityException",
    });
    await expect(clients.s3.send(new GetBucketPolicyCommand({ Bucket: "public-assets" }))).rejects.toMatchObject({
      name: "NoSuchBucketPolicy",
      $metadata: { httpStatusCode: 404 },
    });
  });

  it("names a command it does not answer", async () => {
    const sent = account.clients(REGION).lambda.send(new GetAccountSettingsCommand({}));
    await expect(sent).rejects.toBeInstanceOf(UnansweredCommandError);
    await expect(sent).rejects.toThrow(/lambda GetAccountSettings/);
  });

  it("answers a role by name with the ARN under its path", async () => {
    const got = await account.clients(REGION).iam.send(new GetRoleCommand({ RoleName: "orders-role" }));
    expect(got.Role).toMatchObject({ Arn: liveArns.ordersRole, Path: "/service-role/", RoleName: "orders-role" });
  });

  it("refuses a state it could not serve: an unknown value, another account's ARN", () => {
    const unknownTimeout = lambdaFunction("x", { timeoutSeconds: unknown("Ref Timeout") });
    expect(() => account.put(unknownTimeout)).toThrow(UnservableResourceError);
    expect(() => account.put(unknownTimeout)).toThrow(/timeoutSeconds is unknown \(Ref Timeout\)/);
    const foreign = queue("theirs", {
      id: "arn:aws:sqs:us-east-1:999999999999:theirs",
      arn: "arn:aws:sqs:us-east-1:999999999999:theirs",
    });
    expect(() => account.put(foreign)).toThrow(/account 999999999999/);
  });
});
