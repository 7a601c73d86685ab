import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { isUnknown, type Resource, type ResourceKind, type ResourceOfKind } from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { configItemsToResources } from "./resources.ts";
import { ConfigSnapshotError, configDocumentToResources, readConfigSnapshot } from "./snapshot.ts";
import {
  ACCOUNT,
  ALL_ITEMS,
  bucketItem,
  fn,
  httpApiArn,
  lambdaItem,
  NOT_RECORDED,
  queueArn,
  queueItem,
  queueUrl,
  REGION,
  restApiArn,
  roleArn,
  roleItem,
  snapshotItem,
  tableArn,
  tableConfiguration,
  topicItem,
} from "./testing.ts";

function only<K extends ResourceKind>(resources: readonly Resource[], kind: K, arn?: string): ResourceOfKind<K> {
  const found = resources.filter((r): r is ResourceOfKind<K> => r.kind === kind && (!arn || r.arn === arn));
  expect(found).toHaveLength(1);
  return found[0]!;
}

const reasonOf = (value: unknown) => (isUnknown(value) ? value.reason : undefined);

describe("configItemsToResources", () => {
  const { resources, errors } = configItemsToResources(ALL_ITEMS);

  it("reads every supported kind without errors", () => {
    expect(errors).toEqual([]);
    expect(resources.map((r) => r.kind).sort()).toEqual(
      [
        "apigateway.rest-api",
        "apigateway.stage",
        "apigatewayv2.api",
        "apigatewayv2.stage",
        "dynamodb.table",
        "events.rule",
        "iam.managed-policy",
        "iam.managed-policy",
        "iam.role",
        "lambda.function",
        "s3.bucket",
        "s3.bucket",
        "sns.topic",
        "sqs.queue",
      ].sort(),
    );
  });

  it("Lambda function: recorded settings, and unknown for what Config does not record", () => {
    const f = only(resources, "lambda.function");
    expect(f).toMatchObject({
      id: fn("orders"),
      name: "orders",
      runtime: "nodejs18.x",
      role: roleArn,
      timeoutSeconds: 30,
      memoryMb: 512,
      architectures: ["arm64"],
      layers: ["arn:aws:lambda:eu-west-1:999999999999:layer:shared-utils:4"],
      environment: [{ name: "TABLE_NAME", value: "orders" }],
      reservedConcurrency: 5,
      tracing: "PassThrough",
      lastModified: "2026-11-01T09:00:00.000+0000",
      description: "",
      tags: { team: "orders" },
      origin: { type: "config", account: ACCOUNT, region: REGION, captureTime: "2026-11-27T08:00:00.000Z" },
    });
    expect(f.vpc).toBeUndefined();
    for (const value of [f.policy, f.recursiveLoop, f.url, f.codeSigning, f.asyncInvoke?.onFailure]) {
      expect(reasonOf(value)).toBe(NOT_RECORDED);
    }
  });

  it("Lambda function: a missing Concurrency supplement is unknown, not 'no reservation'", () => {
    const {
      resources: [f],
    } = configItemsToResources([{ ...lambdaItem, supplementaryConfiguration: {} }]);
    expect(reasonOf(f?.kind === "lambda.function" && f.reservedConcurrency)).toContain("Concurrency");
  });

  it("IAM role: URL-encoded trust and inline documents, managed policies, boundary", () => {
    const role = only(resources, "iam.role");
    expect(role.origin).toMatchObject({ type: "config", region: "global" });
    expect(role.trustPolicy).toMatchObject({
      statements: [{ effect: "Allow", principal: { principals: { service: ["lambda.amazonaws.com"] } } }],
    });
    expect(role.inlinePolicies).toMatchObject([
      { name: "orders-table", document: { statements: [{ sid: "Table", action: { values: ["dynamodb:*"] } }] } },
    ]);
    expect(role.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
    expect(role.permissionsBoundary).toBe(`arn:aws:iam::${ACCOUNT}:policy/boundary`);
  });

  it("IAM role: an unreadable document becomes unknown plus an error", () => {
    const broken = {
      ...roleItem,
      configuration: {
        ...roleItem.configuration,
        rolePolicyList: [{ policyName: "bad", policyDocument: "%7B%22Statement" }],
      },
    };
    const result = configItemsToResources([broken]);
    const role = only(result.resources, "iam.role");
    expect(isUnknown(role.inlinePolicies[0]?.document)).toBe(true);
    expect(result.errors).toEqual([
      expect.objectContaining({
        resourceType: "AWS::IAM::Role",
        resource: roleArn,
        message: expect.stringContaining("inline policy bad"),
      }),
    ]);
  });

  it("IAM managed policy: the default version's document", () => {
    const customer = resources.filter((r) => r.kind === "iam.managed-policy" && !r.awsManaged);
    expect(customer).toHaveLength(1);
    expect(customer[0]).toMatchObject({
      name: "orders-access",
      awsManaged: false,
      document: { statements: [{ action: { values: ["s3:*"] } }] },
    });
  });

  it("AWS-managed policy a role attaches (Config does not record them): its published document", () => {
    const basic = only(
      resources,
      "iam.managed-policy",
      "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
    );
    expect(basic).toMatchObject({
      name: "AWSLambdaBasicExecutionRole",
      awsManaged: true,
      origin: { type: "config" },
      document: {
        statements: [{ action: { values: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"] } }],
      },
    });
  });

  it("REST API and stage", () => {
    const api = only(resources, "apigateway.rest-api");
    expect(api).toMatchObject({ name: "orders-api", endpointTypes: ["REGIONAL"], disableExecuteApiEndpoint: false });
    expect(api.policy).toMatchObject({ statements: [{ principal: { principals: { anyone: true } } }] });
    const stage = only(resources, "apigateway.stage");
    expect(stage).toMatchObject({
      restApiArn,
      stageName: "prod",
      tracing: true,
      accessLogDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:api-access`,
      webAclArn: expect.stringContaining("webacl"),
      variables: [{ name: "backend", value: "orders" }],
    });
    expect(stage.methodSettings).toEqual([
      {
        resourcePath: "/*",
        httpMethod: "*",
        burstLimit: 500,
        rateLimit: 100,
        loggingLevel: "ERROR",
        dataTrace: false,
        metricsEnabled: true,
      },
      {
        resourcePath: "/orders",
        httpMethod: "POST",
        burstLimit: 50,
        rateLimit: 10,
        loggingLevel: "OFF",
        dataTrace: false,
        metricsEnabled: false,
      },
    ]);
  });

  it("HTTP API and stage", () => {
    expect(only(resources, "apigatewayv2.api")).toMatchObject({
      protocolType: "HTTP",
      cors: { allowOrigins: ["*"], allowCredentials: false },
    });
    const stage = only(resources, "apigatewayv2.stage");
    expect(stage).toMatchObject({
      apiArn: httpApiArn,
      stageName: "$default",
      defaultRouteThrottle: { burstLimit: 100, rateLimit: 50 },
      routeThrottles: [{ routeKey: "GET /orders", burstLimit: 10, rateLimit: 5 }],
    });
    expect(stage.accessLogDestination).toBeUndefined();
  });

  it("S3 bucket: policy, public access block, ACL, notifications, versioning from the supplementary configuration", () => {
    const bucket = only(resources, "s3.bucket", "arn:aws:s3:::orders-uploads");
    expect(bucket.policy).toMatchObject({
      statements: [{ sid: "PublicRead", principal: { principals: { anyone: true } } }],
    });
    expect(bucket.publicAccessBlock).toEqual({
      blockPublicAcls: false,
      ignorePublicAcls: false,
      blockPublicPolicy: false,
      restrictPublicBuckets: false,
    });
    expect(bucket.acl).toBe("public-read");
    expect(bucket.versioning).toBe(false);
    expect(bucket.notifications).toEqual([
      { targetType: "lambda", targetArn: fn("resize"), events: ["s3:ObjectCreated:*"] },
      { targetType: "sqs", targetArn: queueArn, events: ["s3:ObjectRemoved:*"] },
    ]);
    expect(reasonOf(bucket.eventBridgeEnabled)).toContain(NOT_RECORDED);
  });

  it("S3 bucket: no policy text and no block recorded", () => {
    const bucket = only(resources, "s3.bucket", "arn:aws:s3:::orders-archive");
    expect(bucket).toMatchObject({ policy: { statements: [] }, acl: "private", versioning: true, notifications: [] });
    expect(bucket.publicAccessBlock).toBeUndefined();
  });

  it("SQS queue: attribute strings, redrive policy, managed encryption", () => {
    expect(only(resources, "sqs.queue")).toMatchObject({
      url: queueUrl,
      fifo: false,
      visibilityTimeoutSeconds: 20,
      messageRetentionSeconds: 345600,
      redrive: { deadLetterTargetArn: `${queueArn}-dlq`, maxReceiveCount: 5 },
      encryption: "sqs-managed",
      policy: { statements: [{ principal: { principals: { anyone: true } } }] },
    });
  });

  it("SQS queue: an unreadable RedrivePolicy is unknown, with an error", () => {
    const broken = {
      ...queueItem,
      configuration: { ...queueItem.configuration, RedrivePolicy: "{deadLetterTargetArn" },
    };
    const result = configItemsToResources([broken]);
    expect(reasonOf(only(result.resources, "sqs.queue").redrive?.deadLetterTargetArn)).toContain(
      "RedrivePolicy is not valid JSON",
    );
    expect(result.errors).toHaveLength(1);
  });

  it("SNS topic: subscriptions are not recorded", () => {
    const topic = only(resources, "sns.topic");
    expect(topic).toMatchObject({ name: "order-events", kmsKeyId: "alias/aws/sns", fifo: false });
    expect(reasonOf(topic.subscriptions)).toContain(NOT_RECORDED);
  });

  it("DynamoDB table: Config's lower-cased SSE fields, PITR from the supplement", () => {
    expect(only(resources, "dynamodb.table")).toMatchObject({
      pointInTimeRecovery: false,
      deletionProtection: false,
      encryption: "customer-managed",
      billingMode: "PAY_PER_REQUEST",
      stream: { viewType: "NEW_AND_OLD_IMAGES", arn: tableConfiguration.latestStreamArn },
    });
  });

  it("EventBridge rule with targets", () => {
    expect(only(resources, "events.rule")).toMatchObject({
      eventBusName: "default",
      scheduleExpression: "rate(1 day)",
      state: "ENABLED",
      targets: [
        {
          id: "report",
          arn: fn("report"),
          deadLetterTarget: `${queueArn}-dlq`,
          maximumRetryAttempts: 3,
          maximumEventAgeSeconds: 3600,
        },
      ],
    });
  });

  it("skips other types and deleted resources; reports unusable items", () => {
    const result = configItemsToResources([
      snapshotItem("AWS::EC2::Instance", `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0abc`, {
        configuration: { instanceId: "i-0abc" },
      }),
      { ...lambdaItem, configurationItemStatus: "ResourceDeleted", configuration: null },
      { ...queueItem, ARN: undefined },
      { ...topicItem, configuration: "{not json" },
    ]);
    expect(result.resources).toEqual([]);
    expect(result.errors.map((e) => e.message)).toEqual([
      "AWS::SQS::Queue item without ARN",
      expect.stringContaining("configuration is not valid JSON"),
    ]);
  });

  it("keeps the latest capture of a resource seen twice", () => {
    const older = {
      ...lambdaItem,
      configurationItemCaptureTime: "2026-11-01T00:00:00.000Z",
      configuration: { ...lambdaItem.configuration, timeout: 3 },
    };
    const { resources: read } = configItemsToResources([lambdaItem, older]);
    expect(read).toHaveLength(1);
    expect(read[0]).toMatchObject({ timeoutSeconds: 30 });
  });
});

describe("Config API answers", () => {
  it("BatchGetResourceConfig: configuration and supplementary values as JSON strings", () => {
    const result = configDocumentToResources({
      baseConfigurationItems: [
        {
          version: "1.3",
          accountId: ACCOUNT,
          configurationItemCaptureTime: "2026-11-27T08:00:00.000Z",
          configurationItemStatus: "OK",
          configurationStateId: "1764230400000",
          arn: tableArn,
          resourceType: "AWS::DynamoDB::Table",
          resourceId: "orders",
          resourceName: "orders",
          awsRegion: REGION,
          availabilityZone: "Not Applicable",
          configuration: JSON.stringify(tableConfiguration),
          supplementaryConfiguration: {
            ContinuousBackupsDescription: JSON.stringify({
              pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: "ENABLED" },
            }),
          },
        },
      ],
      unprocessedResourceKeys: [],
    });
    expect(result.errors).toEqual([]);
    expect(only(result.resources, "dynamodb.table")).toMatchObject({
      pointInTimeRecovery: true,
      origin: { type: "config", account: ACCOUNT, region: REGION },
    });
  });

  it("BatchGetResourceConfig: the doubly encoded S3 ACL", () => {
    const acl = { grantList: [{ grantee: "AllUsers", permission: "Write" }] };
    const { resources } = configDocumentToResources({
      baseConfigurationItems: [
        {
          ...bucketItem,
          configuration: JSON.stringify(bucketItem.configuration),
          supplementaryConfiguration: { AccessControlList: JSON.stringify(JSON.stringify(acl)) },
        },
      ],
    });
    expect(only(resources, "s3.bucket").acl).toBe("public-read-write");
  });

  it("SelectResourceConfig: results as JSON strings, tags as a list", () => {
    const { resources, errors } = configDocumentToResources({
      Results: [
        JSON.stringify({
          version: "1.3",
          accountId: ACCOUNT,
          arn: queueArn,
          resourceType: "AWS::SQS::Queue",
          resourceId: queueUrl,
          awsRegion: REGION,
          tags: [{ key: "team", value: "orders" }],
          configuration: queueItem.configuration,
        }),
      ],
      QueryInfo: { SelectFields: [{ Name: "*" }] },
    });
    expect(errors).toEqual([]);
    expect(only(resources, "sqs.queue")).toMatchObject({ tags: { team: "orders" }, encryption: "sqs-managed" });
  });

  it("SelectResourceConfig without supplementaryConfiguration: S3 settings are unknown, not open", () => {
    const { resources } = configDocumentToResources({
      Results: [
        JSON.stringify({
          arn: "arn:aws:s3:::orders-uploads",
          resourceType: "AWS::S3::Bucket",
          accountId: ACCOUNT,
          awsRegion: REGION,
          configuration: { name: "orders-uploads" },
        }),
      ],
    });
    const bucket = only(resources, "s3.bucket");
    for (const value of [
      bucket.policy,
      bucket.acl,
      bucket.versioning,
      bucket.notifications,
      bucket.publicAccessBlock?.blockPublicPolicy,
    ]) {
      expect(reasonOf(value)).toBe("supplementaryConfiguration not in the configuration item");
    }
  });
});

describe("readConfigSnapshot", () => {
  let dir: string;
  const snapshot = {
    fileVersion: "1.0",
    configSnapshotId: "16da64e4-cb65-4846-b061-e6c3ba43cb96",
    configurationItems: ALL_ITEMS,
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "vigil-config-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("reads a gzip snapshot as delivered to S3", async () => {
    const path = join(dir, `${ACCOUNT}_Config_${REGION}_ConfigSnapshot_20261127T080000Z_16da64e4.json.gz`);
    await writeFile(path, gzipSync(JSON.stringify(snapshot)));
    const result = await readConfigSnapshot(path);
    expect(result.errors).toEqual([]);
    // One more: the AWS-managed policy the role attaches.
    expect(result.resources).toHaveLength(ALL_ITEMS.length + 1);
  });

  it("reads a plain JSON snapshot", async () => {
    const path = join(dir, "snapshot.json");
    await writeFile(path, JSON.stringify(snapshot));
    expect((await readConfigSnapshot(path)).resources).toHaveLength(ALL_ITEMS.length + 1);
  });

  it("fails loudly on a file that is not a Config document", async () => {
    const path = join(dir, "template.json");
    await writeFile(path, JSON.stringify({ Resources: {} }));
    await expect(readConfigSnapshot(path)).rejects.toThrow(ConfigSnapshotError);
    await expect(readConfigSnapshot(join(dir, "missing.json.gz"))).rejects.toThrow(/cannot read/);
  });
});
