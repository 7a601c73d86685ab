import type { PolicyDocument, S3Bucket } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readPulumiResources } from "./index.ts";
import { ACCOUNT, failures, REGION, registered } from "./testing.ts";

const NAME = "app-production-uploadsbucket-abcdefgh";
const SCANNER = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:app-production-ScanFunction-abcdefgh`;

/** `sst.aws.Bucket` registers an `aws.s3.BucketV2` and configures it through separate resources. */
const bucket = (type = "aws:s3/bucketV2:BucketV2", inputs: Record<string, unknown> = {}) =>
  registered(
    type,
    "UploadsBucket",
    { bucket: NAME, forceDestroy: true, ...inputs },
    { arn: `arn:aws:s3:::${NAME}`, bucket: NAME, id: NAME, region: REGION },
  );
const configuring = (type: string, name: string, inputs: Record<string, unknown>) =>
  registered(type, name, { bucket: NAME, ...inputs }, { id: `${name}-1234567` });

const readBucket = (...states: ReturnType<typeof registered>[]) =>
  readPulumiResources(states).find((r): r is S3Bucket => r.kind === "s3.bucket")!;

const PUBLIC_READ = JSON.stringify({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: `arn:aws:s3:::${NAME}/*` }],
});

describe("Pulumi reader: S3 buckets", () => {
  it("reads a public SST bucket: its policy, its block with public policies allowed, and its notifications", () => {
    const read = readBucket(
      bucket(),
      configuring("aws:s3/bucketPolicy:BucketPolicy", "UploadsPolicy", { policy: PUBLIC_READ }),
      configuring("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "UploadsPublicAccessBlock", {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      }),
      configuring("aws:s3/bucketNotification:BucketNotification", "UploadsNotification", {
        lambdaFunctions: [
          { events: ["s3:ObjectCreated:*"], filterPrefix: "incoming/", id: "Scan", lambdaFunctionArn: SCANNER },
        ],
        queues: [{ events: ["s3:ObjectRemoved:*"], id: "Q", queueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:removed` }],
        topics: [{ events: ["s3:ObjectCreated:Put"], id: "T", topicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:created` }],
        eventbridge: true,
      }),
    );
    expect(read).toMatchObject({
      id: `arn:aws:s3:::${NAME}`,
      name: NAME,
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: false,
        restrictPublicBuckets: false,
      },
      acl: "private",
      eventBridgeEnabled: true,
      versioning: false,
    });
    expect((read.policy as PolicyDocument).statements).toHaveLength(1);
    expect(read.notifications).toEqual([
      { targetType: "lambda", targetArn: SCANNER, events: ["s3:ObjectCreated:*"] },
      { targetType: "sqs", targetArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:removed`, events: ["s3:ObjectRemoved:*"] },
      { targetType: "sns", targetArn: `arn:aws:sns:${REGION}:${ACCOUNT}:created`, events: ["s3:ObjectCreated:Put"] },
    ]);
    expect(failures([read])).toContain(`s3-bucket-policy-public ${read.id}`);
  });

  it("reads a bucket configured by nothing as S3 creates it: all four blocks on, private, no policy or triggers", () => {
    expect(readBucket(bucket())).toMatchObject({
      policy: { statements: [] },
      publicAccessBlock: {
        blockPublicAcls: true,
        ignorePublicAcls: true,
        blockPublicPolicy: true,
        restrictPublicBuckets: true,
      },
      acl: "private",
      notifications: [],
      eventBridgeEnabled: false,
      versioning: false,
    });
  });

  it("reads the ACL and versioning resources, and the deprecated inline inputs of aws.s3.Bucket", () => {
    const v2 = readBucket(
      bucket(),
      configuring("aws:s3/bucketAclV2:BucketAclV2", "UploadsAcl", {
        accessControlPolicy: {
          grants: [
            { grantee: { type: "Group", uri: "http://acs.amazonaws.com/groups/global/AllUsers" }, permission: "READ" },
          ],
          owner: { id: "owner" },
        },
      }),
      configuring("aws:s3/bucketVersioningV2:BucketVersioningV2", "UploadsVersioning", {
        versioningConfiguration: { status: "Enabled" },
      }),
    );
    expect(v2).toMatchObject({ acl: "public-read", versioning: true });
    const v1 = readBucket(
      bucket("aws:s3/bucket:Bucket", { acl: "public-read-write", versioning: { enabled: true }, policy: PUBLIC_READ }),
    );
    expect(v1).toMatchObject({ acl: "public-read-write", versioning: true });
    expect((v1.policy as PolicyDocument).statements).toHaveLength(1);
    expect(readBucket(bucket("aws:s3/bucketV2:BucketV2", { versionings: [{ enabled: true }] })).versioning).toBe(true);
  });

  it("does not give a bucket the configuration of another bucket", () => {
    const other = registered("aws:s3/bucketPolicy:BucketPolicy", "OtherPolicy", {
      bucket: "other",
      policy: PUBLIC_READ,
    });
    expect(readBucket(bucket(), other).policy).toEqual({ statements: [] });
  });
});
