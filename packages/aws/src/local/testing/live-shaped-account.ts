/**
 * An account of every resource kind, shaped as the live readers build it (real ARNs, AWS defaults spelled out, a
 * role under a path, tags on every kind AWS tags), for the tests of ModelAccount.
 */
import { RESOURCE_KINDS, type Resource } from "@vigil/core";
import {
  ACCOUNT,
  arns,
  bucket,
  eventRule,
  eventSourceMapping,
  httpApi,
  httpRoute,
  httpStage,
  iamRole,
  lambdaFunction,
  managedPolicy,
  policy,
  queue,
  REGION,
  restApi,
  restMethod,
  restStage,
  table,
  topic,
  usagePlan,
  userPool,
  userPoolClient,
} from "@vigil/core/testing";

/** A resource at another ARN than its builder's. */
const at = (arn: string) => ({ id: arn, arn });

const BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

export const liveArns = {
  ordersRole: `arn:aws:iam::${ACCOUNT}:role/service-role/orders-role`,
  workerRole: arns.role("worker-role"),
  ordersFn: arns.fn("orders"),
  workerFn: arns.fn("worker"),
  renderFn: arns.fn("render"),
  jobs: arns.queue("jobs"),
  deadLetters: arns.queue("jobs-dlq"),
  ordersTable: arns.table("orders"),
  ordersStream: `${arns.table("orders")}/stream/2026-01-01T00:00:00.000`,
  events: arns.topic("events"),
  uploads: arns.bucket("uploads"),
  codeSigning: `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-0a1b2c3d4e5f6a7b8`,
  dataPolicy: arns.policy("orders-data"),
  boundary: `arn:aws:iam::${ACCOUNT}:policy/boundaries/app-boundary`,
};

const trust = policy({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
});

function identity(): Resource[] {
  return [
    iamRole("orders-role", {
      ...at(liveArns.ordersRole),
      trustPolicy: trust,
      inlinePolicies: [
        {
          name: "queue",
          document: policy({
            Version: "2012-10-17",
            Statement: [{ Effect: "Allow", Action: "sqs:SendMessage", Resource: liveArns.jobs }],
          }),
        },
        {
          name: "publish",
          document: policy({
            Version: "2012-10-17",
            Statement: { Sid: "Publish", Effect: "Allow", Action: ["sns:Publish"], Resource: liveArns.events },
          }),
        },
      ],
      managedPolicyArns: [BASIC_EXECUTION, liveArns.dataPolicy],
      permissionsBoundary: liveArns.boundary,
      tags: { app: "orders", owner: "team-a" },
    }),
    iamRole("worker-role", { managedPolicyArns: [BASIC_EXECUTION] }),
    managedPolicy(
      "orders-data",
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["dynamodb:GetItem", "dynamodb:PutItem"],
            Resource: liveArns.ordersTable,
            Condition: { StringEquals: { "aws:PrincipalTag/app": "orders" } },
          },
        ],
      },
      { tags: { app: "orders" } },
    ),
    managedPolicy(
      "app-boundary",
      { Version: "2012-10-17", Statement: [{ Effect: "Allow", NotAction: "iam:*", Resource: "*" }] },
      at(liveArns.boundary),
    ),
    managedPolicy(
      "AWSLambdaBasicExecutionRole",
      {
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"],
            Resource: "*",
          },
        ],
      },
      { ...at(BASIC_EXECUTION), awsManaged: true },
    ),
  ];
}

/** An invoke permission for a service principal, scoped by `aws:SourceArn`. */
function invokeBy(service: string, sid: string, sourceArn: string) {
  return {
    Sid: sid,
    Effect: "Allow",
    Principal: { Service: service },
    Action: "lambda:InvokeFunction",
    Resource: liveArns.workerFn,
    Condition: { ArnLike: { "AWS:SourceArn": sourceArn } },
  };
}

function compute(): Resource[] {
  return [
    lambdaFunction("orders", {
      role: liveArns.ordersRole,
      description: "Orders API",
      environment: [
        { name: "TABLE", value: "orders" },
        { name: "QUEUE_URL", value: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs` },
      ],
      layers: [`arn:aws:lambda:${REGION}:${ACCOUNT}:layer:deps:3`, `arn:aws:lambda:${REGION}:999999999999:layer:ext:1`],
      deadLetterTarget: liveArns.deadLetters,
      asyncInvoke: {
        maximumRetryAttempts: 1,
        maximumEventAgeSeconds: 3600,
        onSuccess: liveArns.events,
        onFailure: liveArns.deadLetters,
      },
      reservedConcurrency: 25,
      url: {
        authType: "AWS_IAM",
        invokeMode: "BUFFERED",
        cors: { allowOrigins: ["https://example.com"], allowMethods: ["GET", "POST"], allowCredentials: false },
      },
      policy: policy({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "uploads",
            Effect: "Allow",
            Principal: { Service: "s3.amazonaws.com" },
            Action: "lambda:InvokeFunction",
            Resource: liveArns.ordersFn,
            Condition: { ArnLike: { "AWS:SourceArn": liveArns.uploads } },
          },
        ],
      }),
      vpc: { subnetIds: ["subnet-0a1b2c3d", "subnet-4e5f6a7b"], securityGroupIds: ["sg-0c1d2e3f"] },
      codeSigning: { configArn: liveArns.codeSigning, untrustedArtifactOnDeployment: "Enforce" },
      tags: { app: "orders" },
    }),
    lambdaFunction("worker", {
      role: liveArns.workerRole,
      description: "",
      runtime: "python3.13",
      architectures: ["x86_64"],
      handler: "app.handle",
      timeoutSeconds: 900,
      memoryMb: 1024,
      asyncInvoke: undefined,
      reservedConcurrency: undefined,
      recursiveLoop: "Allow",
      tracing: "PassThrough",
      // What Lambda requires for the topic, the rule and the HTTP API that push to it (AWS adds them on linking).
      policy: policy({
        Version: "2012-10-17",
        Statement: [
          invokeBy("sns.amazonaws.com", "events-topic", liveArns.events),
          invokeBy("events.amazonaws.com", "nightly-rule", `arn:aws:events:${REGION}:${ACCOUNT}:rule/nightly`),
          invokeBy(
            "apigateway.amazonaws.com",
            "http-api",
            `arn:aws:execute-api:${REGION}:${ACCOUNT}:h1t2t3p4/*/*/orders`,
          ),
        ],
      }),
    }),
    lambdaFunction("render", {
      role: liveArns.workerRole,
      description: "renders PDFs",
      packageType: "Image",
      runtime: undefined,
      handler: undefined,
      asyncInvoke: { maximumRetryAttempts: 0, maximumEventAgeSeconds: 60 },
      reservedConcurrency: 0,
      codeSigning: { configArn: liveArns.codeSigning, untrustedArtifactOnDeployment: "Enforce" },
    }),
    eventSourceMapping("6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f", liveArns.workerFn, liveArns.jobs, {
      maximumConcurrency: 5,
      tags: { app: "orders" },
    }),
    eventSourceMapping("7a8b9c0d-1e2f-4a3b-9c4d-5e6f7a8b9c0d", liveArns.workerFn, liveArns.ordersStream, {
      enabled: false,
      batchSize: 100,
      startingPosition: "LATEST",
      maximumRetryAttempts: 3,
      bisectBatchOnFunctionError: true,
      onFailure: liveArns.deadLetters,
    }),
  ];
}

function apis(): Resource[] {
  return [
    restApi("a1b2c3d4e5", {
      name: "orders-api",
      policy: policy({
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: "*", Action: "execute-api:Invoke", Resource: "execute-api:/*" }],
      }),
      tags: { app: "orders" },
    }),
    restStage("a1b2c3d4e5", "prod", {
      methodSettings: [
        {
          resourcePath: "/*",
          httpMethod: "*",
          burstLimit: 100,
          rateLimit: 50,
          loggingLevel: "ERROR",
          metricsEnabled: true,
        },
        { resourcePath: "/orders/{id}", httpMethod: "GET", burstLimit: 10, dataTrace: false },
      ],
      variables: [{ name: "stage", value: "prod" }],
      tags: { app: "orders" },
    }),
    restStage("a1b2c3d4e5", "dev", {
      methodSettings: [],
      accessLogDestination: undefined,
      webAclArn: undefined,
      tracing: false,
    }),
    restMethod("a1b2c3d4e5", "/orders", "GET", { integrationFunctionArn: liveArns.ordersFn }),
    restMethod("a1b2c3d4e5", "/orders", "POST", {
      authorizationType: "AWS_IAM",
      apiKeyRequired: true,
      integrationFunctionArn: liveArns.ordersFn,
    }),
    restMethod("a1b2c3d4e5", "/health", "GET", { authorizationType: "NONE", requestValidatorId: undefined }),
    // The CORS preflight of /orders, answering for one front end.
    restMethod("a1b2c3d4e5", "/orders", "OPTIONS", {
      authorizationType: "NONE",
      requestValidatorId: undefined,
      corsAllowOrigin: "https://app.example.com",
    }),
    usagePlan("k9l8m7", {
      name: "standard",
      apiStages: [{ restApiArn: arns.restApi("a1b2c3d4e5"), stageName: "prod" }],
      quota: { limit: 10_000, period: "MONTH" },
      tags: { app: "orders" },
    }),
    httpApi("h1t2t3p4", {
      name: "public-api",
      cors: { allowOrigins: ["https://example.com"], allowCredentials: true },
      tags: { app: "orders" },
    }),
    httpStage("h1t2t3p4", "$default", {
      routeThrottles: [{ routeKey: "POST /orders", burstLimit: 5, rateLimit: 2 }],
      variables: [{ name: "mode", value: "live" }],
      tags: { app: "orders" },
    }),
    httpRoute("h1t2t3p4", "GET /orders", { integrationFunctionArn: liveArns.ordersFn }),
    httpRoute("h1t2t3p4", "POST /orders", {
      authorizationType: "AWS_IAM",
      authorizerId: undefined,
      integrationFunctionArn: liveArns.workerFn,
    }),
    httpRoute("h1t2t3p4", "$default", { authorizationType: "NONE", authorizerId: undefined }),
  ];
}

/** The account refuses new public ACLs and policies but leaves existing ones in force: the buckets' own blocks decide. */
const accountPublicAccessBlock = {
  blockPublicAcls: true,
  ignorePublicAcls: false,
  blockPublicPolicy: true,
  restrictPublicBuckets: false,
};

function data(): Resource[] {
  return [
    bucket("uploads", {
      accountPublicAccessBlock,
      acl: "private",
      policy: policy({
        Version: "2012-10-17",
        Statement: [
          {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: "*",
            Action: "s3:*",
            Resource: [liveArns.uploads, `${liveArns.uploads}/*`],
            Condition: { Bool: { "aws:SecureTransport": "false" } },
          },
        ],
      }),
      notifications: [
        { targetType: "lambda", targetArn: liveArns.ordersFn, events: ["s3:ObjectCreated:*"] },
        { targetType: "sqs", targetArn: liveArns.jobs, events: ["s3:ObjectRemoved:Delete"] },
        { targetType: "sns", targetArn: liveArns.events, events: ["s3:ObjectCreated:Put", "s3:ObjectCreated:Post"] },
      ],
      eventBridgeEnabled: true,
    }),
    bucket("public-assets", {
      accountPublicAccessBlock,
      acl: "public-read",
      publicAccessBlock: undefined,
      versioning: false,
    }),
    queue("jobs", {
      tags: { app: "orders" },
      redrive: { deadLetterTargetArn: liveArns.deadLetters, maxReceiveCount: 3 },
    }),
    queue("jobs-dlq", { redrive: undefined, encryption: "none", messageRetentionSeconds: 1_209_600 }),
    queue("orders.fifo", {
      fifo: true,
      encryption: "kms",
      redrive: undefined,
      visibilityTimeoutSeconds: 30,
      policy: policy({
        Version: "2012-10-17",
        Statement: [
          {
            Effect: "Allow",
            Principal: { Service: "sns.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arns.queue("orders.fifo"),
            Condition: { ArnEquals: { "aws:SourceArn": liveArns.events } },
          },
        ],
      }),
    }),
    topic("events", {
      policy: policy({
        Version: "2008-10-17",
        Statement: [
          {
            Sid: "__default_statement_ID",
            Effect: "Allow",
            Principal: { AWS: "*" },
            Action: ["SNS:Publish", "SNS:Subscribe"],
            Resource: liveArns.events,
            Condition: { StringEquals: { "AWS:SourceOwner": ACCOUNT } },
          },
        ],
      }),
      subscriptions: [
        { protocol: "lambda", endpoint: liveArns.workerFn, deadLetterTarget: liveArns.deadLetters },
        { protocol: "sqs", endpoint: arns.queue("orders.fifo") },
      ],
      tags: { app: "orders" },
    }),
    topic("alarms", { kmsKeyId: undefined }),
    table("orders", {
      encryption: "aws-owned",
      stream: { viewType: "NEW_AND_OLD_IMAGES", arn: liveArns.ordersStream },
      tags: { "vigil:sensitive": "true", app: "orders" },
    }),
    table("sessions", {
      encryption: "aws-owned",
      pointInTimeRecovery: false,
      deletionProtection: false,
      billingMode: "PROVISIONED",
    }),
  ];
}

function events(): Resource[] {
  return [
    eventRule("nightly", {
      targets: [
        {
          id: "worker",
          arn: liveArns.workerFn,
          deadLetterTarget: liveArns.deadLetters,
          maximumRetryAttempts: 2,
          maximumEventAgeSeconds: 3600,
        },
        { id: "jobs", arn: liveArns.jobs },
      ],
      tags: { app: "orders" },
    }),
    eventRule("order-placed", {
      ...at(`arn:aws:events:${REGION}:${ACCOUNT}:rule/orders-bus/order-placed`),
      eventBusName: "orders-bus",
      scheduleExpression: undefined,
      eventPattern: {
        source: ["orders"],
        "detail-type": ["OrderPlaced"],
        detail: { total: [{ numeric: [">", 100] }] },
      },
      state: "DISABLED",
      targets: [{ id: "orders", arn: liveArns.ordersFn }],
    }),
  ];
}

/** A staff pool: a custom role attribute one client may write, a server client with a secret and a plain flow. */
function identities(): Resource[] {
  return [
    userPool("us-east-1_Staff1234", {
      tags: { app: "orders" },
      customAttributes: [
        { name: "custom:role", mutable: true },
        { name: "dev:custom:level", mutable: false },
      ],
      clients: [
        userPoolClient({ writeAttributes: ["email", "custom:role"] }),
        userPoolClient({
          clientId: "7f6e5d4c3b2a1f0e9d8c7b6a5f",
          name: "backend",
          generateSecret: true,
          explicitAuthFlows: ["ALLOW_ADMIN_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
        }),
      ],
    }),
  ];
}

/** The whole account; every kind of the model is there at least once. */
export function liveShapedAccount(): Resource[] {
  const resources = [...identity(), ...compute(), ...apis(), ...data(), ...events(), ...identities()];
  const missing = RESOURCE_KINDS.filter((kind) => !resources.some((r) => r.kind === kind));
  if (missing.length > 0) throw new Error(`the live-shaped account lacks ${missing.join(", ")}`);
  return resources;
}
