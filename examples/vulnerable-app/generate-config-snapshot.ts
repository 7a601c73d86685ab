/**
 * Writes config-snapshot.json: the AWS Config snapshot of examples/vulnerable-app/template.yaml as deployed in
 * account 123456789012, us-east-1 (same physical names). Item shapes follow the ConfigSnapshot files AWS Config
 * delivers to S3: configuration item version 1.3, IAM documents URL-encoded, S3 settings in
 * supplementaryConfiguration. Run: `npx tsx examples/vulnerable-app/generate-config-snapshot.ts`.
 */
import { writeFileSync } from "node:fs";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const CAPTURED = "2026-11-27T08:00:00.000Z";
const LAMBDA = `arn:aws:lambda:${REGION}:${ACCOUNT}:function`;
const API_ID = "k3x9qz7v2a";

const iamDocument = (document: object) => encodeURIComponent(JSON.stringify(document));
const lambdaTrust = (...services: string[]) => ({
  Version: "2012-10-17",
  Statement: [
    {
      Effect: "Allow",
      Principal: { Service: services.length === 1 ? services[0] : services },
      Action: "sts:AssumeRole",
    },
  ],
});

let stateId = 1764230400000;

function item(
  resourceType: string,
  arn: string,
  resourceId: string,
  resourceName: string,
  configuration: object,
  extra: { supplementaryConfiguration?: object; relationships?: object[]; tags?: Record<string, string> } = {},
) {
  return {
    relatedEvents: [],
    relationships: extra.relationships ?? [],
    configuration,
    supplementaryConfiguration: extra.supplementaryConfiguration ?? {},
    tags: extra.tags ?? {},
    configurationItemVersion: "1.3",
    configurationItemCaptureTime: CAPTURED,
    configurationStateId: stateId++,
    awsAccountId: ACCOUNT,
    configurationItemStatus: "OK",
    resourceType,
    resourceId,
    resourceName,
    ARN: arn,
    awsRegion: resourceType.startsWith("AWS::IAM::") ? "global" : REGION,
    availabilityZone: "Not Applicable",
    configurationStateMd5Hash: "",
  };
}

const role = (name: string, id: string, trust: object, managed: string[], inline: { name: string; document: object }) =>
  item(
    "AWS::IAM::Role",
    `arn:aws:iam::${ACCOUNT}:role/${name}`,
    id,
    name,
    {
      path: "/",
      roleName: name,
      roleId: id,
      arn: `arn:aws:iam::${ACCOUNT}:role/${name}`,
      createDate: "2026-11-20T10:00:00.000Z",
      assumeRolePolicyDocument: iamDocument(trust),
      instanceProfileList: [],
      rolePolicyList: [{ policyName: inline.name, policyDocument: iamDocument(inline.document) }],
      attachedManagedPolicies: managed.map((policyArn) => ({
        policyName: policyArn.slice(policyArn.lastIndexOf("/") + 1),
        policyArn,
      })),
      permissionsBoundary: null,
      tags: [],
      roleLastUsed: null,
    },
    {
      relationships: managed.map((policyArn) => ({
        resourceType: "AWS::IAM::Policy",
        resourceId: policyArn,
        relationshipName: "Is attached to CustomerManagedPolicy",
      })),
    },
  );

const fn = (
  name: string,
  settings: { runtime: string; handler: string; role: string; timeout?: number; env?: object; layers?: string[] },
) =>
  item(
    "AWS::Lambda::Function",
    `${LAMBDA}:${name}`,
    name,
    name,
    {
      functionName: name,
      functionArn: `${LAMBDA}:${name}`,
      runtime: settings.runtime,
      role: `arn:aws:iam::${ACCOUNT}:role/${settings.role}`,
      handler: settings.handler,
      codeSize: 312,
      description: "",
      timeout: settings.timeout ?? 3,
      memorySize: 128,
      lastModified: "2026-11-20T10:02:11.000+0000",
      codeSha256: "1Zb0bh2mY6ZV4n+pt0c0d0Zl0H1m2Kc2jWkJvZ3aXyM=",
      version: "$LATEST",
      ...(settings.env && { environment: { variables: settings.env } }),
      tracingConfig: { mode: "PassThrough" },
      layers: (settings.layers ?? []).map((arn) => ({ arn, codeSize: 1024 })),
      packageType: "Zip",
      architectures: ["x86_64"],
      ephemeralStorage: { size: 512 },
    },
    {
      supplementaryConfiguration: { Tags: {} },
      relationships: [
        { resourceType: "AWS::IAM::Role", resourceName: settings.role, relationshipName: "Is associated with " },
      ],
    },
  );

const items = [
  item(
    "AWS::DynamoDB::Table",
    `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
    "orders",
    "orders",
    {
      attributeDefinitions: [{ attributeName: "pk", attributeType: "S" }],
      tableName: "orders",
      keySchema: [{ attributeName: "pk", keyType: "HASH" }],
      tableStatus: "ACTIVE",
      creationDateTime: 1763632800000,
      provisionedThroughput: { numberOfDecreasesToday: 0, readCapacityUnits: 0, writeCapacityUnits: 0 },
      tableSizeBytes: 0,
      itemCount: 0,
      tableArn: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
      tableId: "6f1e2d3c-4b5a-4978-8695-a4b3c2d1e0f9",
      billingModeSummary: { billingMode: "PAY_PER_REQUEST", lastUpdateToPayPerRequestDateTime: 1763632800000 },
      deletionProtectionEnabled: false,
    },
    {
      supplementaryConfiguration: {
        ContinuousBackupsDescription: {
          continuousBackupsStatus: "ENABLED",
          pointInTimeRecoveryDescription: { pointInTimeRecoveryStatus: "DISABLED" },
        },
        Tags: [{ key: "vigil:sensitive", value: "true" }],
      },
      tags: { "vigil:sensitive": "true" },
    },
  ),
  item(
    "AWS::S3::Bucket",
    "arn:aws:s3:::orders-uploads-example",
    "orders-uploads-example",
    "orders-uploads-example",
    {
      name: "orders-uploads-example",
      owner: { displayName: null, id: "a1b2c3" },
      creationDate: "2026-11-20T10:00:05.000Z",
    },
    {
      supplementaryConfiguration: {
        AccessControlList: JSON.stringify({ grantList: [], owner: { displayName: null, id: "a1b2c3" } }),
        BucketAccelerateConfiguration: { status: null },
        BucketLoggingConfiguration: { destinationBucketName: null, logFilePrefix: null },
        BucketNotificationConfiguration: {
          configurations: {
            "process-upload": {
              events: ["s3:ObjectCreated:*"],
              filter: null,
              objectPrefixes: [],
              functionARN: `${LAMBDA}:orders-process-upload`,
              type: "LambdaConfiguration",
            },
          },
        },
        BucketPolicy: {
          policyText: JSON.stringify({
            Version: "2012-10-17",
            Statement: [
              {
                Sid: "PublicUploads",
                Effect: "Allow",
                Principal: "*",
                Action: "s3:PutObject",
                Resource: "arn:aws:s3:::orders-uploads-example/*",
              },
            ],
          }),
        },
        BucketVersioningConfiguration: { status: "Off", isMfaDeleteEnabled: null },
        IsRequesterPaysEnabled: false,
        PublicAccessBlockConfiguration: {
          blockPublicAcls: true,
          ignorePublicAcls: true,
          blockPublicPolicy: false,
          restrictPublicBuckets: false,
        },
        ServerSideEncryptionConfiguration: {
          rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: false }],
        },
      },
    },
  ),
  item(
    "AWS::SQS::Queue",
    `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-jobs`,
    `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders-jobs`,
    "orders-jobs",
    {
      QueueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/orders-jobs`,
      QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-jobs`,
      QueueName: "orders-jobs",
      VisibilityTimeout: "30",
      MaximumMessageSize: "262144",
      MessageRetentionPeriod: "345600",
      DelaySeconds: "0",
      ReceiveMessageWaitTimeSeconds: "0",
      SqsManagedSseEnabled: "false",
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: "sqs:SendMessage",
            Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-jobs`,
          },
        ],
      }),
    },
  ),
  item(
    "AWS::SNS::Topic",
    `arn:aws:sns:${REGION}:${ACCOUNT}:orders-events`,
    `arn:aws:sns:${REGION}:${ACCOUNT}:orders-events`,
    "orders-events",
    {
      TopicArn: `arn:aws:sns:${REGION}:${ACCOUNT}:orders-events`,
      Policy: JSON.stringify({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: "*",
            Action: "sns:Publish",
            Resource: `arn:aws:sns:${REGION}:${ACCOUNT}:orders-events`,
          },
        ],
      }),
      Subscriptions: [],
    },
  ),
  role(
    "orders-shared-role",
    "AROA2EXAMPLESHARED01",
    lambdaTrust("lambda.amazonaws.com"),
    ["arn:aws:iam::aws:policy/AdministratorAccess"],
    {
      name: "orders-data",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: "dynamodb:*", Resource: "*" },
          {
            Effect: "Allow",
            Action: ["s3:GetObject", "s3:PutObject"],
            Resource: "arn:aws:s3:::orders-uploads-example/*",
          },
        ],
      },
    },
  ),
  role(
    "orders-worker-role",
    "AROA2EXAMPLEWORKER01",
    lambdaTrust("lambda.amazonaws.com", "ec2.amazonaws.com"),
    ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    {
      name: "worker-deploy",
      document: {
        Version: "2012-10-17",
        Statement: [
          { Effect: "Allow", Action: ["iam:PassRole", "lambda:UpdateFunctionCode"], Resource: "*" },
          {
            Effect: "Allow",
            Action: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
            Resource: `arn:aws:sqs:${REGION}:${ACCOUNT}:orders-jobs`,
          },
          {
            Effect: "Allow",
            Action: "dynamodb:PutItem",
            Resource: `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/orders`,
          },
        ],
      },
    },
  ),
  fn("orders-api", {
    runtime: "nodejs16.x",
    handler: "index.handler",
    role: "orders-shared-role",
    env: { TABLE_NAME: "orders", DB_PASSWORD: "Xk9#mQ2$vLp7!wR4zT8^nB3" },
  }),
  fn("orders-process-upload", {
    runtime: "python3.12",
    handler: "app.handler",
    role: "orders-shared-role",
    timeout: 60,
  }),
  fn("orders-worker", {
    runtime: "nodejs22.x",
    handler: "index.handler",
    role: "orders-worker-role",
    timeout: 60,
    layers: ["arn:aws:lambda:us-east-1:999999999999:layer:shared-utils:3"],
  }),
  item("AWS::ApiGateway::RestApi", `arn:aws:apigateway:${REGION}::/restapis/${API_ID}`, API_ID, "orders-api", {
    id: API_ID,
    name: "orders-api",
    createdDate: "2026-11-20T10:00:00.000Z",
    apiKeySource: "HEADER",
    endpointConfiguration: { types: ["EDGE"] },
    disableExecuteApiEndpoint: false,
    rootResourceId: "r00tid0001",
  }),
  item(
    "AWS::ApiGateway::Stage",
    `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/stages/prod`,
    `arn:aws:apigateway:${REGION}::/restapis/${API_ID}/stages/prod`,
    "prod",
    {
      deploymentId: "d3pl0y",
      stageName: "prod",
      cacheClusterEnabled: false,
      cacheClusterStatus: "NOT_AVAILABLE",
      methodSettings: {},
      tracingEnabled: false,
      createdDate: "2026-11-20T10:00:10.000Z",
      lastUpdatedDate: "2026-11-20T10:00:10.000Z",
    },
    {
      relationships: [
        { resourceType: "AWS::ApiGateway::RestApi", resourceId: API_ID, relationshipName: "Is contained in " },
      ],
    },
  ),
  item(
    "AWS::Events::Rule",
    `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-nightly-report`,
    "orders-nightly-report",
    "orders-nightly-report",
    {
      Name: "orders-nightly-report",
      Arn: `arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-nightly-report`,
      ScheduleExpression: "rate(1 day)",
      State: "ENABLED",
      EventBusName: "default",
      Targets: [{ Id: "report", Arn: `${LAMBDA}:orders-api` }],
    },
  ),
];

const snapshot = {
  fileVersion: "1.0",
  configSnapshotId: "4f7c1b2e-9a3d-4e6f-8b1a-2c3d4e5f6a7b",
  configurationItems: items,
};
writeFileSync(new URL("./config-snapshot.json", import.meta.url), `${JSON.stringify(snapshot, null, 2)}\n`);
