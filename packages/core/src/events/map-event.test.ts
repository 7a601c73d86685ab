import { describe, expect, it } from "vitest";
import type { ResourceKind } from "../model/resources.ts";
import { normalizeEventName } from "./cloudtrail.ts";
import { apiCallEvent, configChangeEvent, EVENT_ACCOUNT, EVENT_REGION } from "./event-factory.ts";
import { refsForEvent } from "./map-event.ts";

const fn = (name: string) => `arn:aws:lambda:${EVENT_REGION}:${EVENT_ACCOUNT}:function:${name}`;
const role = (name: string) => `arn:aws:iam::${EVENT_ACCOUNT}:role/${name}`;
const managedPolicy = `arn:aws:iam::${EVENT_ACCOUNT}:policy/orders-access`;
const restApi = `arn:aws:apigateway:${EVENT_REGION}::/restapis/a1b2c3d4e5`;
const httpApi = `arn:aws:apigateway:${EVENT_REGION}::/apis/h1t2p3a4p5`;
const usagePlan = `arn:aws:apigateway:${EVENT_REGION}::/usageplans/up7x9q`;
const bucket = "arn:aws:s3:::orders-uploads";
const queueUrl = `https://sqs.${EVENT_REGION}.amazonaws.com/${EVENT_ACCOUNT}/orders`;
const queue = `arn:aws:sqs:${EVENT_REGION}:${EVENT_ACCOUNT}:orders`;
const topic = `arn:aws:sns:${EVENT_REGION}:${EVENT_ACCOUNT}:order-events`;
const table = `arn:aws:dynamodb:${EVENT_REGION}:${EVENT_ACCOUNT}:table/orders`;
const pool = `arn:aws:cognito-idp:${EVENT_REGION}:${EVENT_ACCOUNT}:userpool/eu-west-1_Staff1234`;
const rule = `arn:aws:events:${EVENT_REGION}:${EVENT_ACCOUNT}:rule/nightly`;
const mappingId = "a1b2c3d4-5678-90ab-cdef-11111EXAMPLE";
const mapping = `arn:aws:lambda:${EVENT_REGION}:${EVENT_ACCOUNT}:event-source-mapping:${mappingId}`;

interface Expected {
  readonly kind: ResourceKind;
  readonly arn: string;
  readonly deleted?: true;
}

type Row = readonly [
  source: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  responseElements: Record<string, unknown> | null,
  expected: readonly Expected[],
];

const f = (kind: ResourceKind, arn: string, extra: Partial<Expected> = {}): Expected => ({ kind, arn, ...extra });
const deleted = { deleted: true } as const;
const functionConfig = { functionName: "orders", functionArn: fn("orders"), runtime: "nodejs22.x", timeout: 30 };
const patch = { patchOperations: [{ op: "replace", path: "/description", value: "v2" }] };

const LAMBDA = "lambda.amazonaws.com";
const IAM = "iam.amazonaws.com";
const APIGW = "apigateway.amazonaws.com";

const ROWS: readonly Row[] = [
  // Lambda: names carry API-version suffixes; functionName may be a name, partial ARN or ARN.
  [
    LAMBDA,
    "CreateFunction20150331",
    { functionName: "orders", role: role("orders-role") },
    functionConfig,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "UpdateFunctionConfiguration20150331v2",
    { functionName: "orders", timeout: 30 },
    functionConfig,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "UpdateFunctionCode20150331v2",
    { functionName: fn("orders"), publish: false },
    functionConfig,
    [f("lambda.function", fn("orders"))],
  ],
  [LAMBDA, "DeleteFunction20150331", { functionName: "orders" }, null, [f("lambda.function", fn("orders"), deleted)]],
  [
    LAMBDA,
    "AddPermission20150331v2",
    {
      functionName: "orders",
      statementId: "s3-invoke",
      action: "lambda:InvokeFunction",
      principal: "s3.amazonaws.com",
      sourceArn: bucket,
    },
    { statement: '{"Sid":"s3-invoke","Effect":"Allow"}' },
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "RemovePermission20150331v2",
    { functionName: `${EVENT_ACCOUNT}:function:orders`, statementId: "s3-invoke" },
    null,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "CreateFunctionUrlConfig20211031",
    { functionName: "orders", authType: "NONE" },
    { functionUrl: "https://abcdefghij.lambda-url.eu-west-1.on.aws/", functionArn: fn("orders"), authType: "NONE" },
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "UpdateFunctionUrlConfig20211031",
    { functionName: "orders", authType: "AWS_IAM" },
    { functionArn: fn("orders") },
    [f("lambda.function", fn("orders"))],
  ],
  [LAMBDA, "DeleteFunctionUrlConfig20211031", { functionName: "orders" }, null, [f("lambda.function", fn("orders"))]],
  [
    LAMBDA,
    "PutFunctionConcurrency20171031",
    { functionName: "orders", reservedConcurrentExecutions: 0 },
    { reservedConcurrentExecutions: 0 },
    [f("lambda.function", fn("orders"))],
  ],
  [LAMBDA, "DeleteFunctionConcurrency20171031", { functionName: "orders" }, null, [f("lambda.function", fn("orders"))]],
  [
    LAMBDA,
    "PutFunctionRecursionConfig",
    { functionName: "orders", recursiveLoop: "Allow" },
    { recursiveLoop: "Allow" },
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "PutFunctionEventInvokeConfig20190925",
    { functionName: "orders", maximumRetryAttempts: 0 },
    { functionArn: `${fn("orders")}:$LATEST`, maximumRetryAttempts: 0 },
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "UpdateFunctionEventInvokeConfig20190925",
    { functionName: "orders:live", maximumEventAgeInSeconds: 60 },
    null,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "DeleteFunctionEventInvokeConfig20190925",
    { functionName: "orders" },
    null,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "PutFunctionCodeSigningConfig20200630",
    {
      functionName: "orders",
      codeSigningConfigArn: "arn:aws:lambda:eu-west-1:123456789012:code-signing-config:csc-0a1b2c3d4e5f67890",
    },
    null,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "DeleteFunctionCodeSigningConfig20200630",
    { functionName: "orders" },
    null,
    [f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "CreateEventSourceMapping20150331",
    { functionName: "orders", eventSourceArn: queue, batchSize: 10, enabled: true },
    {
      uUID: mappingId,
      functionArn: fn("orders"),
      eventSourceArn: queue,
      state: "Creating",
      eventSourceMappingArn: mapping,
    },
    [f("lambda.event-source-mapping", mapping), f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "UpdateEventSourceMapping20150331",
    { uUID: mappingId, batchSize: 5 },
    { uUID: mappingId, functionArn: fn("orders"), state: "Updating" },
    [f("lambda.event-source-mapping", mapping), f("lambda.function", fn("orders"))],
  ],
  [
    LAMBDA,
    "DeleteEventSourceMapping20150331",
    { uUID: mappingId },
    { uUID: mappingId, functionArn: fn("orders"), state: "Deleting" },
    [f("lambda.event-source-mapping", mapping, deleted), f("lambda.function", fn("orders"))],
  ],

  // IAM: role changes re-check every function using the role; only CreateRole answers with the path-qualified ARN.
  [
    IAM,
    "CreateRole",
    { roleName: "orders-role", path: "/service/" },
    { role: { roleName: "orders-role", arn: role("service/orders-role") } },
    [f("iam.role", role("service/orders-role"))],
  ],
  [
    IAM,
    "UpdateRole",
    { roleName: "orders-role", maxSessionDuration: 7200 },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [
    IAM,
    "TagRole",
    { roleName: "orders-role", tags: [{ key: "owner", value: "team-a" }] },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [IAM, "UntagRole", { roleName: "orders-role", tagKeys: ["owner"] }, null, [f("iam.role", role("orders-role"))]],
  [IAM, "DeleteRole", { roleName: "orders-role" }, null, [f("iam.role", role("orders-role"), deleted)]],
  [
    IAM,
    "PutRolePolicy",
    { roleName: "orders-role", policyName: "inline", policyDocument: '{"Statement":[]}' },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [
    IAM,
    "DeleteRolePolicy",
    { roleName: "orders-role", policyName: "inline" },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [
    IAM,
    "AttachRolePolicy",
    { roleName: "orders-role", policyArn: "arn:aws:iam::aws:policy/AdministratorAccess" },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [
    IAM,
    "DetachRolePolicy",
    { roleName: "orders-role", policyArn: managedPolicy },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [
    IAM,
    "UpdateAssumeRolePolicy",
    { roleName: "orders-role", policyDocument: '{"Statement":[]}' },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [
    IAM,
    "PutRolePermissionsBoundary",
    { roleName: "orders-role", permissionsBoundary: managedPolicy },
    null,
    [f("iam.role", role("orders-role"))],
  ],
  [IAM, "DeleteRolePermissionsBoundary", { roleName: "orders-role" }, null, [f("iam.role", role("orders-role"))]],
  [
    IAM,
    "CreatePolicy",
    { policyName: "orders-access", policyDocument: "{}" },
    { policy: { policyName: "orders-access", arn: managedPolicy, defaultVersionId: "v1" } },
    [f("iam.managed-policy", managedPolicy)],
  ],
  [
    IAM,
    "CreatePolicyVersion",
    { policyArn: managedPolicy, policyDocument: "{}", setAsDefault: true },
    { policyVersion: { versionId: "v2", isDefaultVersion: true } },
    [f("iam.managed-policy", managedPolicy)],
  ],
  [
    IAM,
    "SetDefaultPolicyVersion",
    { policyArn: managedPolicy, versionId: "v1" },
    null,
    [f("iam.managed-policy", managedPolicy)],
  ],
  [IAM, "DeletePolicy", { policyArn: managedPolicy }, null, [f("iam.managed-policy", managedPolicy, deleted)]],

  // API Gateway: REST (restApiId) and HTTP (apiId) APIs share the event source and stage event names.
  [
    APIGW,
    "CreateRestApi",
    { name: "orders-api", endpointConfiguration: { types: ["REGIONAL"] } },
    { id: "a1b2c3d4e5", name: "orders-api" },
    [f("apigateway.rest-api", restApi)],
  ],
  [APIGW, "UpdateRestApi", { restApiId: "a1b2c3d4e5", ...patch }, null, [f("apigateway.rest-api", restApi)]],
  [APIGW, "DeleteRestApi", { restApiId: "a1b2c3d4e5" }, null, [f("apigateway.rest-api", restApi, deleted)]],
  [
    APIGW,
    "CreateDeployment",
    { restApiId: "a1b2c3d4e5", stageName: "prod" },
    { id: "d3pl0y" },
    [f("apigateway.rest-api", restApi)],
  ],
  [
    APIGW,
    "CreateStage",
    { restApiId: "a1b2c3d4e5", stageName: "prod", deploymentId: "d3pl0y" },
    { stageName: "prod" },
    [f("apigateway.stage", `${restApi}/stages/prod`)],
  ],
  [
    APIGW,
    "UpdateStage",
    {
      restApiId: "a1b2c3d4e5",
      stageName: "prod",
      patchOperations: [{ op: "replace", path: "/*/*/logging/loglevel", value: "OFF" }],
    },
    null,
    [f("apigateway.stage", `${restApi}/stages/prod`)],
  ],
  [
    APIGW,
    "DeleteStage",
    { restApiId: "a1b2c3d4e5", stageName: "prod" },
    null,
    [f("apigateway.stage", `${restApi}/stages/prod`, deleted)],
  ],
  [
    APIGW,
    "PutMethod",
    { restApiId: "a1b2c3d4e5", resourceId: "x1y2z3", httpMethod: "POST", authorizationType: "NONE" },
    null,
    [f("apigateway.method", `${restApi}/resources/x1y2z3/methods/POST`)],
  ],
  [
    APIGW,
    "UpdateMethod",
    { restApiId: "a1b2c3d4e5", resourceId: "x1y2z3", httpMethod: "POST", ...patch },
    null,
    [f("apigateway.method", `${restApi}/resources/x1y2z3/methods/POST`)],
  ],
  [
    APIGW,
    "DeleteMethod",
    { restApiId: "a1b2c3d4e5", resourceId: "x1y2z3", httpMethod: "POST" },
    null,
    [f("apigateway.method", `${restApi}/resources/x1y2z3/methods/POST`, deleted)],
  ],
  [
    APIGW,
    "PutIntegration",
    { restApiId: "a1b2c3d4e5", resourceId: "x1y2z3", httpMethod: "POST", type: "AWS_PROXY" },
    null,
    [f("apigateway.method", `${restApi}/resources/x1y2z3/methods/POST`)],
  ],
  [
    APIGW,
    "CreateAuthorizer",
    { restApiId: "a1b2c3d4e5", name: "jwt", type: "TOKEN" },
    { id: "auth01" },
    [f("apigateway.rest-api", restApi)],
  ],
  [
    APIGW,
    "CreateUsagePlan",
    { name: "basic", throttle: { burstLimit: 10, rateLimit: 5 } },
    { id: "up7x9q", name: "basic" },
    [f("apigateway.usage-plan", usagePlan)],
  ],
  [APIGW, "UpdateUsagePlan", { usagePlanId: "up7x9q", ...patch }, null, [f("apigateway.usage-plan", usagePlan)]],
  [APIGW, "DeleteUsagePlan", { usagePlanId: "up7x9q" }, null, [f("apigateway.usage-plan", usagePlan, deleted)]],
  [
    APIGW,
    "CreateApi",
    { name: "orders-http", protocolType: "HTTP" },
    { apiId: "h1t2p3a4p5", protocolType: "HTTP" },
    [f("apigatewayv2.api", httpApi)],
  ],
  [
    APIGW,
    "UpdateApi",
    { apiId: "h1t2p3a4p5", corsConfiguration: { allowOrigins: ["*"] } },
    null,
    [f("apigatewayv2.api", httpApi)],
  ],
  [APIGW, "DeleteApi", { apiId: "h1t2p3a4p5" }, null, [f("apigatewayv2.api", httpApi, deleted)]],
  [
    APIGW,
    "CreateRoute",
    { apiId: "h1t2p3a4p5", routeKey: "GET /orders", authorizationType: "NONE" },
    { routeId: "r0ute1", routeKey: "GET /orders" },
    [f("apigatewayv2.route", `${httpApi}/routes/r0ute1`)],
  ],
  [
    APIGW,
    "UpdateRoute",
    { apiId: "h1t2p3a4p5", routeId: "r0ute1", authorizationType: "JWT" },
    null,
    [f("apigatewayv2.route", `${httpApi}/routes/r0ute1`)],
  ],
  [
    APIGW,
    "DeleteRoute",
    { apiId: "h1t2p3a4p5", routeId: "r0ute1" },
    null,
    [f("apigatewayv2.route", `${httpApi}/routes/r0ute1`, deleted)],
  ],
  [
    APIGW,
    "CreateIntegration",
    { apiId: "h1t2p3a4p5", integrationType: "AWS_PROXY", integrationUri: fn("orders") },
    { integrationId: "int01" },
    [f("apigatewayv2.api", httpApi)],
  ],
  [
    APIGW,
    "CreateStage",
    { apiId: "h1t2p3a4p5", stageName: "$default", autoDeploy: true },
    { stageName: "$default" },
    [f("apigatewayv2.stage", `${httpApi}/stages/$default`)],
  ],
  [
    APIGW,
    "UpdateStage",
    { apiId: "h1t2p3a4p5", stageName: "$default", defaultRouteSettings: { throttlingBurstLimit: 0 } },
    null,
    [f("apigatewayv2.stage", `${httpApi}/stages/$default`)],
  ],

  // S3: the bucket name is the ARN.
  [
    "s3.amazonaws.com",
    "CreateBucket",
    { bucketName: "orders-uploads", Host: "orders-uploads.s3.eu-west-1.amazonaws.com" },
    null,
    [f("s3.bucket", bucket)],
  ],
  ["s3.amazonaws.com", "DeleteBucket", { bucketName: "orders-uploads" }, null, [f("s3.bucket", bucket, deleted)]],
  [
    "s3.amazonaws.com",
    "PutBucketPolicy",
    { bucketName: "orders-uploads", bucketPolicy: { Statement: [] }, policy: [""] },
    null,
    [f("s3.bucket", bucket)],
  ],
  [
    "s3.amazonaws.com",
    "DeleteBucketPolicy",
    { bucketName: "orders-uploads", policy: [""] },
    null,
    [f("s3.bucket", bucket)],
  ],
  [
    "s3.amazonaws.com",
    "PutBucketPublicAccessBlock",
    {
      bucketName: "orders-uploads",
      publicAccessBlock: [""],
      PublicAccessBlockConfiguration: { BlockPublicAcls: false },
    },
    null,
    [f("s3.bucket", bucket)],
  ],
  [
    "s3.amazonaws.com",
    "DeleteBucketPublicAccessBlock",
    { bucketName: "orders-uploads", publicAccessBlock: [""] },
    null,
    [f("s3.bucket", bucket)],
  ],
  [
    "s3.amazonaws.com",
    "PutBucketNotification",
    { bucketName: "orders-uploads", notification: [""], NotificationConfiguration: {} },
    null,
    [f("s3.bucket", bucket)],
  ],
  [
    "s3.amazonaws.com",
    "PutBucketAcl",
    { bucketName: "orders-uploads", acl: [""], "x-amz-acl": ["public-read"] },
    null,
    [f("s3.bucket", bucket)],
  ],
  [
    "s3.amazonaws.com",
    "PutBucketVersioning",
    { bucketName: "orders-uploads", versioning: [""], VersioningConfiguration: { Status: "Suspended" } },
    null,
    [f("s3.bucket", bucket)],
  ],

  // SQS: queue URLs become ARNs.
  [
    "sqs.amazonaws.com",
    "CreateQueue",
    { queueName: "orders", attributes: { VisibilityTimeout: "30" } },
    { queueUrl },
    [f("sqs.queue", queue)],
  ],
  [
    "sqs.amazonaws.com",
    "SetQueueAttributes",
    { queueUrl, attributes: { Policy: "{}" } },
    null,
    [f("sqs.queue", queue)],
  ],
  [
    "sqs.amazonaws.com",
    "AddPermission",
    { queueUrl, label: "cross", aWSAccountIds: ["210987654321"], actions: ["SendMessage"] },
    null,
    [f("sqs.queue", queue)],
  ],
  [
    "sqs.amazonaws.com",
    "RemovePermission",
    { queueUrl: `https://queue.amazonaws.com/${EVENT_ACCOUNT}/orders`, label: "cross" },
    null,
    [f("sqs.queue", queue)],
  ],
  ["sqs.amazonaws.com", "DeleteQueue", { queueUrl }, null, [f("sqs.queue", queue, deleted)]],

  // SNS: subscriptions map to their topic.
  ["sns.amazonaws.com", "CreateTopic", { name: "order-events" }, { topicArn: topic }, [f("sns.topic", topic)]],
  [
    "sns.amazonaws.com",
    "SetTopicAttributes",
    { topicArn: topic, attributeName: "KmsMasterKeyId", attributeValue: "" },
    null,
    [f("sns.topic", topic)],
  ],
  [
    "sns.amazonaws.com",
    "Subscribe",
    { topicArn: topic, protocol: "lambda", endpoint: fn("orders") },
    { subscriptionArn: `${topic}:0f1e2d3c` },
    [f("sns.topic", topic)],
  ],
  [
    "sns.amazonaws.com",
    "Unsubscribe",
    { subscriptionArn: `${topic}:0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0` },
    null,
    [f("sns.topic", topic)],
  ],
  [
    "sns.amazonaws.com",
    "SetSubscriptionAttributes",
    { subscriptionArn: `${topic}:0f1e2d3c`, attributeName: "RedrivePolicy" },
    null,
    [f("sns.topic", topic)],
  ],
  [
    "sns.amazonaws.com",
    "AddPermission",
    { topicArn: topic, label: "cross", aWSAccountId: ["210987654321"], actionName: ["Publish"] },
    null,
    [f("sns.topic", topic)],
  ],
  ["sns.amazonaws.com", "RemovePermission", { topicArn: topic, label: "cross" }, null, [f("sns.topic", topic)]],
  ["sns.amazonaws.com", "DeleteTopic", { topicArn: topic }, null, [f("sns.topic", topic, deleted)]],

  // DynamoDB
  [
    "dynamodb.amazonaws.com",
    "CreateTable",
    { tableName: "orders", billingMode: "PAY_PER_REQUEST" },
    { tableDescription: { tableName: "orders", tableArn: table } },
    [f("dynamodb.table", table)],
  ],
  [
    "dynamodb.amazonaws.com",
    "UpdateTable",
    { tableName: "orders", deletionProtectionEnabled: false },
    null,
    [f("dynamodb.table", table)],
  ],
  [
    "dynamodb.amazonaws.com",
    "UpdateContinuousBackups",
    { tableName: "orders", pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: false } },
    null,
    [f("dynamodb.table", table)],
  ],
  ["dynamodb.amazonaws.com", "DeleteTable", { tableName: "orders" }, null, [f("dynamodb.table", table, deleted)]],

  // EventBridge rules, on the default bus and on a named one.
  [
    "events.amazonaws.com",
    "PutRule",
    { name: "nightly", scheduleExpression: "rate(1 day)", state: "ENABLED" },
    { ruleArn: rule },
    [f("events.rule", rule)],
  ],
  [
    "events.amazonaws.com",
    "PutTargets",
    { rule: "nightly", targets: [{ id: "fn", arn: fn("orders") }] },
    { failedEntryCount: 0, failedEntries: [] },
    [f("events.rule", rule)],
  ],
  [
    "events.amazonaws.com",
    "RemoveTargets",
    { rule: "nightly", ids: ["fn"] },
    { failedEntryCount: 0, failedEntries: [] },
    [f("events.rule", rule)],
  ],
  ["events.amazonaws.com", "EnableRule", { name: "nightly" }, null, [f("events.rule", rule)]],
  [
    "events.amazonaws.com",
    "DisableRule",
    { name: "nightly", eventBusName: "orders-bus" },
    null,
    [f("events.rule", `arn:aws:events:${EVENT_REGION}:${EVENT_ACCOUNT}:rule/orders-bus/nightly`)],
  ],
  [
    "events.amazonaws.com",
    "DeleteRule",
    { name: "nightly", eventBusName: `arn:aws:events:${EVENT_REGION}:${EVENT_ACCOUNT}:event-bus/orders-bus` },
    null,
    [f("events.rule", `arn:aws:events:${EVENT_REGION}:${EVENT_ACCOUNT}:rule/orders-bus/nightly`, deleted)],
  ],

  // Cognito: a client's or the MFA configuration's change re-checks its pool.
  [
    "cognito-idp.amazonaws.com",
    "CreateUserPool",
    { poolName: "staff" },
    { userPool: { id: "eu-west-1_Staff1234", arn: pool } },
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "UpdateUserPool",
    { userPoolId: "eu-west-1_Staff1234" },
    null,
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "SetUserPoolMfaConfig",
    { userPoolId: "eu-west-1_Staff1234", mfaConfiguration: "OFF" },
    null,
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "AddCustomAttributes",
    { userPoolId: "eu-west-1_Staff1234", customAttributes: [{ name: "role", mutable: true }] },
    null,
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "CreateUserPoolClient",
    { userPoolId: "eu-west-1_Staff1234", clientName: "web" },
    null,
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "UpdateUserPoolClient",
    { userPoolId: "eu-west-1_Staff1234", clientId: "web1", explicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH"] },
    null,
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "DeleteUserPoolClient",
    { userPoolId: "eu-west-1_Staff1234", clientId: "web1" },
    null,
    [f("cognito.user-pool", pool)],
  ],
  [
    "cognito-idp.amazonaws.com",
    "DeleteUserPool",
    { userPoolId: "eu-west-1_Staff1234" },
    null,
    [f("cognito.user-pool", pool, deleted)],
  ],
];

describe("refsForEvent: CloudTrail API calls", () => {
  it(`covers ${ROWS.length} event names`, () => {
    expect(new Set(ROWS.map(([source, name]) => `${source}:${name}`)).size).toBeGreaterThanOrEqual(55);
  });

  it.each(ROWS)("%s %s", (source, eventName, requestParameters, responseElements, expected) => {
    const result = refsForEvent(apiCallEvent(source, eventName, { requestParameters, responseElements }));
    const service = source.split(".")[0];
    const region = service === "iam" ? "" : EVENT_REGION;
    expect(result).toEqual({
      refs: expected.map((e) => ({
        account: EVENT_ACCOUNT,
        region,
        reason: `${service}:${normalizeEventName(eventName)}`,
        ...e,
      })),
    });
  });

  it("a failed call (errorCode) changes nothing", () => {
    const event = apiCallEvent(LAMBDA, "UpdateFunctionConfiguration20150331v2", {
      requestParameters: { functionName: "orders" },
      errorCode: "AccessDenied",
    });
    expect(refsForEvent(event)).toEqual({
      refs: [],
      ignored: "lambda:UpdateFunctionConfiguration failed (AccessDenied): nothing changed",
    });
  });

  it("deleting a version or alias is not deleting the function", () => {
    const event = apiCallEvent(LAMBDA, "DeleteFunction20150331", {
      requestParameters: { functionName: "orders", qualifier: "3" },
    });
    expect(refsForEvent(event).refs).toEqual([
      {
        kind: "lambda.function",
        arn: fn("orders"),
        account: EVENT_ACCOUNT,
        region: EVENT_REGION,
        reason: "lambda:DeleteFunction",
      },
    ]);
  });

  it.each([
    [LAMBDA, "Invoke", "lambda:Invoke changes nothing Vigil checks"],
    [
      LAMBDA,
      "PublishLayerVersion20181031",
      "a new layer version changes no function until UpdateFunctionConfiguration uses it",
    ],
    [IAM, "DeletePolicyVersion", "the default version cannot be deleted, so permissions are unchanged"],
    ["ec2.amazonaws.com", "RunInstances", "events from ec2 are not watched"],
  ])("ignores %s %s", (source, eventName, why) => {
    expect(refsForEvent(apiCallEvent(source, eventName, { requestParameters: { functionName: "orders" } }))).toEqual({
      refs: [],
      ignored: why,
    });
  });

  it("ignores a policy version that is not made the default", () => {
    const event = apiCallEvent(IAM, "CreatePolicyVersion", {
      requestParameters: { policyArn: managedPolicy, policyDocument: "{}", setAsDefault: false },
    });
    expect(refsForEvent(event)).toMatchObject({ refs: [], ignored: expect.stringContaining("non-default") });
  });

  it("keeps the region of the call for IAM events forwarded to another region's bus", () => {
    const event = {
      ...apiCallEvent(LAMBDA, "DeleteFunctionConcurrency20171031", {
        requestParameters: { functionName: "orders" },
        region: "us-east-1",
      }),
      region: EVENT_REGION,
    };
    expect(refsForEvent(event).refs[0]).toMatchObject({
      arn: "arn:aws:lambda:us-east-1:123456789012:function:orders",
      region: "us-east-1",
    });
  });

  it("builds ARNs in the partition of the region", () => {
    const event = apiCallEvent("dynamodb.amazonaws.com", "DeleteTable", {
      requestParameters: { tableName: "orders" },
      region: "cn-north-1",
    });
    expect(refsForEvent(event).refs[0]?.arn).toBe(`arn:aws-cn:dynamodb:cn-north-1:${EVENT_ACCOUNT}:table/orders`);
  });
});

describe("refsForEvent: malformed input is rejected with a reason", () => {
  it.each([
    ["null", null],
    ["a string", "UpdateFunctionConfiguration"],
    [
      "an envelope without detail",
      { "detail-type": "AWS API Call via CloudTrail", account: EVENT_ACCOUNT, region: EVENT_REGION },
    ],
  ])("%s", (_, input) => {
    expect(refsForEvent(input)).toMatchObject({
      refs: [],
      rejected: expect.stringContaining("not an EventBridge event"),
    });
  });

  it("a detail-type Vigil does not subscribe to", () => {
    const event = { ...apiCallEvent(LAMBDA, "Invoke"), "detail-type": "EC2 Instance State-change Notification" };
    expect(refsForEvent(event)).toEqual({
      refs: [],
      rejected: 'detail-type "EC2 Instance State-change Notification" is not subscribed',
    });
  });

  it("a CloudTrail detail without eventName", () => {
    const event = apiCallEvent(LAMBDA, "Invoke");
    const { eventName: _, ...detail } = event.detail;
    expect(refsForEvent({ ...event, detail })).toMatchObject({ rejected: expect.stringContaining("eventName") });
  });

  it("an event without the identifier its name always carries", () => {
    const event = apiCallEvent(IAM, "PutRolePolicy", { requestParameters: { policyName: "inline" } });
    expect(refsForEvent(event)).toEqual({ refs: [], rejected: "iam:PutRolePolicy without requestParameters.roleName" });
  });
});

describe("refsForEvent: Config configuration item changes", () => {
  const functionItem = {
    resourceType: "AWS::Lambda::Function",
    resourceId: "orders",
    resourceName: "orders",
    ARN: fn("orders"),
    configuration: { functionName: "orders", runtime: "nodejs18.x" },
  };

  it("names the changed resource", () => {
    expect(refsForEvent(configChangeEvent(functionItem))).toEqual({
      refs: [
        {
          kind: "lambda.function",
          arn: fn("orders"),
          account: EVENT_ACCOUNT,
          region: EVENT_REGION,
          reason: "config:AWS::Lambda::Function UPDATE",
        },
      ],
    });
  });

  it("reads oversized notifications from the summary", () => {
    expect(refsForEvent(configChangeEvent(functionItem, { oversized: true })).refs).toEqual([
      {
        kind: "lambda.function",
        arn: fn("orders"),
        account: EVENT_ACCOUNT,
        region: EVENT_REGION,
        reason: "config:AWS::Lambda::Function UPDATE",
      },
    ]);
  });

  it("marks deletions", () => {
    expect(refsForEvent(configChangeEvent(functionItem, { changeType: "DELETE" })).refs[0]).toMatchObject({
      deleted: true,
    });
  });

  it("IAM roles are global, and name only the role (its functions are its dependants)", () => {
    const item = {
      resourceType: "AWS::IAM::Role",
      resourceId: "AROAEXAMPLE",
      ARN: role("orders-role"),
      awsRegion: "global",
    };
    expect(refsForEvent(configChangeEvent(item)).refs).toEqual([
      {
        kind: "iam.role",
        arn: role("orders-role"),
        account: EVENT_ACCOUNT,
        region: "",
        reason: "config:AWS::IAM::Role UPDATE",
      },
    ]);
  });

  it("ignores resource types Vigil does not model", () => {
    const item = {
      resourceType: "AWS::EC2::Instance",
      ARN: `arn:aws:ec2:${EVENT_REGION}:${EVENT_ACCOUNT}:instance/i-0abc`,
    };
    expect(refsForEvent(configChangeEvent(item))).toEqual({
      refs: [],
      ignored: "Config type AWS::EC2::Instance is not modelled",
    });
  });

  it("rejects a notification without an item", () => {
    const event = configChangeEvent(functionItem);
    const { configurationItem: _, ...detail } = event.detail as Record<string, unknown>;
    expect(refsForEvent({ ...event, detail })).toMatchObject({
      rejected: expect.stringContaining("without configurationItem"),
    });
  });
});

describe("normalizeEventName", () => {
  it.each([
    ["UpdateFunctionConfiguration20150331v2", "UpdateFunctionConfiguration"],
    ["CreateFunctionUrlConfig20211031", "CreateFunctionUrlConfig"],
    ["PutFunctionRecursionConfig", "PutFunctionRecursionConfig"],
    ["PutRolePolicy", "PutRolePolicy"],
  ])("%s → %s", (name, expected) => expect(normalizeEventName(name)).toBe(expected));
});
