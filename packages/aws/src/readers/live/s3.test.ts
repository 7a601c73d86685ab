import { GetBucketPolicyCommand, GetPublicAccessBlockCommand, ListBucketsCommand } from "@aws-sdk/client-s3";
import { GetPublicAccessBlockCommand as GetAccountPublicAccessBlockCommand } from "@aws-sdk/client-s3-control";
import { evaluate, ResourceModel, RULES, resolveConfig, type S3Bucket, unknown } from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { actionOf } from "./permissions.ts";
import { readAccount, readTargeted } from "./read-account.ts";
import { FAKE_ACCOUNT, FAKE_REGION, type FakeAccount, fakeAccount, fakeArns } from "./testing/fake-account.ts";

let fake: FakeAccount;
beforeEach(() => {
  fake = fakeAccount(1);
});
afterEach(() => fake.restore());

/** The API reference's shapes: GetPublicAccessBlockOutput of S3 (bucket) and of S3 Control (account). */
const configuration = (on: boolean) => ({
  PublicAccessBlockConfiguration: {
    BlockPublicAcls: on,
    IgnorePublicAcls: on,
    BlockPublicPolicy: on,
    RestrictPublicBuckets: on,
  },
});
const sdkError = (name: string, httpStatusCode: number) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode, attempts: 1 } });
const ALL_ON = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const ALL_OFF = {
  blockPublicAcls: false,
  ignorePublicAcls: false,
  blockPublicPolicy: false,
  restrictPublicBuckets: false,
};

type Level = "on" | "off" | "missing" | "denied";

/** What S3 and S3 Control answer for a block at `level`. */
function answer(stub: { resolves(output: never): unknown; rejects(error: Error): unknown }, level: Level) {
  if (level === "on" || level === "off") stub.resolves(configuration(level === "on") as never);
  else if (level === "missing") stub.rejects(sdkError("NoSuchPublicAccessBlockConfiguration", 404));
  else stub.rejects(sdkError("AccessDenied", 403));
}

/** Stubs the account's and the bucket's block; the bucket's policy lets anyone read its objects. */
function account(accountLevel: Level, bucketLevel: Exclude<Level, "denied">) {
  answer(fake.stubs.s3control.on(GetAccountPublicAccessBlockCommand), accountLevel);
  answer(fake.stubs.s3.on(GetPublicAccessBlockCommand), bucketLevel);
  fake.stubs.s3.on(GetBucketPolicyCommand).resolves({
    Policy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `${fakeArns.bucket}/*` }],
    }),
  });
}

async function readBucket(): Promise<S3Bucket> {
  const read = await readAccount({ region: FAKE_REGION, clients: fake.clients });
  return read.resources.find((r) => r.arn === fakeArns.bucket) as S3Bucket;
}

async function policyVerdict(): Promise<string | undefined> {
  const read = await readAccount({ region: FAKE_REGION, clients: fake.clients });
  const report = evaluate(new ResourceModel(read.resources, read.coverage), resolveConfig({}, RULES));
  return report.results.find((r) => r.ruleId === "s3-bucket-policy-public" && r.resourceId === fakeArns.bucket)?.status;
}

describe("live S3: the account-level public access block", () => {
  it("reads it from S3 Control with the account id, as s3:GetAccountPublicAccessBlock, once for all buckets", async () => {
    account("on", "off");
    fake.stubs.s3.on(ListBucketsCommand).resolves({
      Buckets: [
        { Name: "uploads", BucketRegion: FAKE_REGION },
        { Name: "reports", BucketRegion: FAKE_REGION },
      ],
    });
    const read = await readAccount({ region: FAKE_REGION, clients: fake.clients });
    expect(read.errors.filter((e) => e.service.startsWith("s3"))).toEqual([]);
    const calls = fake.stubs.s3control.commandCalls(GetAccountPublicAccessBlockCommand);
    expect(calls.map((call) => call.args[0].input)).toEqual([{ AccountId: FAKE_ACCOUNT }]);
    const buckets = read.resources.filter((r): r is S3Bucket => r.kind === "s3.bucket");
    expect(buckets.map((b) => b.accountPublicAccessBlock)).toEqual([ALL_ON, ALL_ON]);
    // The same operation name, two IAM actions.
    expect(actionOf("s3control", "GetPublicAccessBlock")).toBe("s3:GetAccountPublicAccessBlock");
    expect(actionOf("s3", "GetPublicAccessBlock")).toBe("s3:GetBucketPublicAccessBlock");
  });

  it("holds what the account has: on, off, none (absent: judged by the bucket's own), or unknown when denied", async () => {
    account("off", "off");
    expect((await readBucket()).accountPublicAccessBlock).toEqual(ALL_OFF);
    account("missing", "off");
    expect((await readBucket()).accountPublicAccessBlock).toBeUndefined();
    account("denied", "off");
    const denied = await readAccount({ region: FAKE_REGION, clients: fake.clients });
    const bucket = denied.resources.find((r) => r.arn === fakeArns.bucket) as S3Bucket;
    expect(bucket.accountPublicAccessBlock?.restrictPublicBuckets).toEqual(
      unknown("s3:GetAccountPublicAccessBlock denied"),
    );
    expect(denied.errors.filter((e) => e.service.startsWith("s3"))).toMatchObject([
      { service: "s3control", action: "s3:GetAccountPublicAccessBlock", kind: "access-denied" },
    ]);
  });

  it.each<[Level, Exclude<Level, "denied">, string]>([
    ["on", "off", "pass"],
    ["on", "missing", "pass"],
    ["off", "off", "fail"],
    ["off", "on", "pass"],
    ["missing", "missing", "fail"],
    ["missing", "on", "pass"],
    // Unknown at the account level decides nothing where the bucket's own block is off; its own block still does.
    ["denied", "off", "undetermined"],
    ["denied", "missing", "undetermined"],
    ["denied", "on", "pass"],
  ])(
    "a public bucket policy with the account block %s and the bucket's %s: %s",
    async (accountLevel, bucketLevel, status) => {
      account(accountLevel, bucketLevel);
      expect(await policyVerdict()).toBe(status);
    },
  );

  it("a targeted read of one bucket knows the account block too", async () => {
    account("on", "missing");
    const read = await readTargeted(
      { kind: "s3.bucket", arn: fakeArns.bucket },
      { region: FAKE_REGION, clients: fake.clients },
    );
    expect((read.subject as S3Bucket).accountPublicAccessBlock).toEqual(ALL_ON);
    const report = evaluate(new ResourceModel(read.resources, read.coverage), resolveConfig({}, RULES));
    const result = report.results.find(
      (r) => r.ruleId === "s3-bucket-policy-public" && r.resourceId === fakeArns.bucket,
    );
    expect(result?.status).toBe("pass");
  });
});
