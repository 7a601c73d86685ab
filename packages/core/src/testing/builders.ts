/**
 * Builders of compliant resources for tests: each returns a well-configured resource and takes overrides, so a
 * test states only the setting it is about. Used by rule tests, engine tests and benchmarks.
 */
import { parsePolicyDocument } from "../iam/normalize.ts";
import { ResourceModel } from "../model/graph.ts";
import type { PolicyDocument } from "../model/policy.ts";
import type {
  CognitoUserPool,
  CognitoUserPoolClient,
  DynamoDbTable,
  EventRule,
  EventSourceMapping,
  HttpApi,
  HttpApiRoute,
  HttpApiStage,
  IamManagedPolicy,
  IamRole,
  LambdaFunction,
  Resource,
  RestApi,
  RestApiMethod,
  RestApiStage,
  S3Bucket,
  SnsTopic,
  SqsQueue,
  UsagePlan,
} from "../model/resources.ts";

export const ACCOUNT = "123456789012";
export const REGION = "us-east-1";
const ORIGIN = { type: "live", account: ACCOUNT, region: REGION } as const;

/** Parses a policy written as in AWS; throws on documents the reader would reject. */
export function policy(document: unknown): PolicyDocument {
  const parsed = parsePolicyDocument(document);
  if ("unknown" in parsed) throw new Error("test policy must be known");
  return parsed;
}

export const arns = {
  fn: (name: string) => `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${name}`,
  role: (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`,
  policy: (name: string) => `arn:aws:iam::${ACCOUNT}:policy/${name}`,
  table: (name: string) => `arn:aws:dynamodb:${REGION}:${ACCOUNT}:table/${name}`,
  bucket: (name: string) => `arn:aws:s3:::${name}`,
  queue: (name: string) => `arn:aws:sqs:${REGION}:${ACCOUNT}:${name}`,
  topic: (name: string) => `arn:aws:sns:${REGION}:${ACCOUNT}:${name}`,
  rule: (name: string) => `arn:aws:events:${REGION}:${ACCOUNT}:rule/${name}`,
  restApi: (id: string) => `arn:aws:apigateway:${REGION}::/restapis/${id}`,
  httpApi: (id: string) => `arn:aws:apigateway:${REGION}::/apis/${id}`,
  userPool: (id: string) => `arn:aws:cognito-idp:${REGION}:${ACCOUNT}:userpool/${id}`,
};

type Overrides<T> = Partial<Omit<T, "kind">>;

function base<K extends Resource["kind"]>(kind: K, arn: string, name: string) {
  return { kind, id: arn, arn, name, origin: ORIGIN, tags: {} };
}

export function lambdaFunction(name = "orders", overrides: Overrides<LambdaFunction> = {}): LambdaFunction {
  return {
    ...base("lambda.function", arns.fn(name), name),
    packageType: "Zip",
    runtime: "nodejs22.x",
    architectures: ["arm64"],
    handler: "index.handler",
    role: arns.role(`${name}-role`),
    timeoutSeconds: 10,
    memoryMb: 512,
    environment: [],
    layers: [],
    asyncInvoke: { maximumRetryAttempts: 2, maximumEventAgeSeconds: 3600, onFailure: arns.queue(`${name}-dlq`) },
    reservedConcurrency: 10,
    recursiveLoop: "Terminate",
    policy: { statements: [] },
    tracing: "Active",
    lastModified: "2026-11-01T00:00:00.000+0000",
    ...overrides,
  };
}

/** A function whose S3 invoke permission outlived its bucket: `lambda-permission-obsolete-source` fails on it. */
export function functionInvokedByGoneBucket(
  name = "leftover",
  overrides: Overrides<LambdaFunction> = {},
): LambdaFunction {
  return lambdaFunction(name, {
    policy: policy({
      Statement: [
        {
          Sid: "GoneBucket",
          Effect: "Allow",
          Principal: { Service: "s3.amazonaws.com" },
          Action: "lambda:InvokeFunction",
          Resource: "*",
          Condition: { ArnLike: { "aws:SourceArn": "arn:aws:s3:::gone-bucket" } },
        },
      ],
    }),
    ...overrides,
  });
}

export function iamRole(name = "orders-role", overrides: Overrides<IamRole> = {}): IamRole {
  return {
    ...base("iam.role", arns.role(name), name),
    trustPolicy: policy({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Principal: { Service: "lambda.amazonaws.com" }, Action: "sts:AssumeRole" }],
    }),
    inlinePolicies: [],
    managedPolicyArns: ["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"],
    ...overrides,
  };
}

export function managedPolicy(
  name: string,
  document: unknown,
  overrides: Overrides<IamManagedPolicy> = {},
): IamManagedPolicy {
  return {
    ...base("iam.managed-policy", arns.policy(name), name),
    document: policy(document),
    awsManaged: false,
    ...overrides,
  };
}

export function eventSourceMapping(
  id: string,
  functionArn: string,
  eventSourceArn: string,
  overrides: Overrides<EventSourceMapping> = {},
): EventSourceMapping {
  return {
    ...base("lambda.event-source-mapping", `arn:aws:lambda:${REGION}:${ACCOUNT}:event-source-mapping:${id}`, id),
    functionArn,
    eventSourceArn,
    enabled: true,
    batchSize: 10,
    ...overrides,
  };
}

export function restApi(id = "api123", overrides: Overrides<RestApi> = {}): RestApi {
  return {
    ...base("apigateway.rest-api", arns.restApi(id), id),
    endpointTypes: ["REGIONAL"],
    policy: { statements: [] },
    disableExecuteApiEndpoint: false,
    requestValidators: [{ id: "validator1", validateBody: true, validateParameters: true }],
    ...overrides,
  };
}

export function restStage(apiId = "api123", stageName = "prod", overrides: Overrides<RestApiStage> = {}): RestApiStage {
  return {
    ...base("apigateway.stage", `${arns.restApi(apiId)}/stages/${stageName}`, stageName),
    restApiArn: arns.restApi(apiId),
    stageName,
    methodSettings: [
      {
        resourcePath: "/*",
        httpMethod: "*",
        burstLimit: 100,
        rateLimit: 50,
        loggingLevel: "ERROR",
        metricsEnabled: true,
      },
    ],
    accessLogDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:api-access`,
    webAclArn: `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/api/abc`,
    tracing: true,
    variables: [],
    ...overrides,
  };
}

export function restMethod(
  apiId = "api123",
  path = "/orders",
  httpMethod = "GET",
  overrides: Overrides<RestApiMethod> = {},
): RestApiMethod {
  return {
    ...base(
      "apigateway.method",
      `${arns.restApi(apiId)}/resources${path}/methods/${httpMethod}`,
      `${httpMethod} ${path}`,
    ),
    restApiArn: arns.restApi(apiId),
    path,
    httpMethod,
    authorizationType: "COGNITO_USER_POOLS",
    apiKeyRequired: false,
    requestValidatorId: "validator1",
    ...overrides,
  };
}

export function usagePlan(id = "plan1", overrides: Overrides<UsagePlan> = {}): UsagePlan {
  return {
    ...base("apigateway.usage-plan", `arn:aws:apigateway:${REGION}::/usageplans/${id}`, id),
    apiStages: [{ restApiArn: arns.restApi("api123"), stageName: "prod" }],
    throttle: { burstLimit: 100, rateLimit: 50 },
    ...overrides,
  };
}

export function httpApi(id = "http123", overrides: Overrides<HttpApi> = {}): HttpApi {
  return {
    ...base("apigatewayv2.api", arns.httpApi(id), id),
    protocolType: "HTTP",
    disableExecuteApiEndpoint: false,
    ...overrides,
  };
}

export function httpStage(
  apiId = "http123",
  stageName = "$default",
  overrides: Overrides<HttpApiStage> = {},
): HttpApiStage {
  return {
    ...base("apigatewayv2.stage", `${arns.httpApi(apiId)}/stages/${stageName}`, stageName),
    apiArn: arns.httpApi(apiId),
    stageName,
    defaultRouteThrottle: { burstLimit: 100, rateLimit: 50 },
    routeThrottles: [],
    accessLogDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:http-access`,
    variables: [],
    ...overrides,
  };
}

export function httpRoute(
  apiId = "http123",
  routeKey = "GET /orders",
  overrides: Overrides<HttpApiRoute> = {},
): HttpApiRoute {
  const routeId = routeKey.replace(/[^A-Za-z0-9]/g, "");
  return {
    ...base("apigatewayv2.route", `${arns.httpApi(apiId)}/routes/${routeId}`, routeKey),
    apiArn: arns.httpApi(apiId),
    routeKey,
    authorizationType: "JWT",
    authorizerId: "auth1",
    ...overrides,
  };
}

export function bucket(name = "uploads", overrides: Overrides<S3Bucket> = {}): S3Bucket {
  return {
    ...base("s3.bucket", arns.bucket(name), name),
    policy: { statements: [] },
    publicAccessBlock: {
      blockPublicAcls: true,
      ignorePublicAcls: true,
      blockPublicPolicy: true,
      restrictPublicBuckets: true,
    },
    notifications: [],
    eventBridgeEnabled: false,
    versioning: true,
    ...overrides,
  };
}

export function queue(name = "jobs", overrides: Overrides<SqsQueue> = {}): SqsQueue {
  return {
    ...base("sqs.queue", arns.queue(name), name),
    url: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/${name}`,
    fifo: false,
    policy: { statements: [] },
    redrive: { deadLetterTargetArn: arns.queue(`${name}-dlq`), maxReceiveCount: 5 },
    encryption: "sqs-managed",
    visibilityTimeoutSeconds: 60,
    messageRetentionSeconds: 345_600,
    ...overrides,
  };
}

export function topic(name = "events", overrides: Overrides<SnsTopic> = {}): SnsTopic {
  return {
    ...base("sns.topic", arns.topic(name), name),
    policy: { statements: [] },
    subscriptions: [],
    kmsKeyId: "alias/aws/sns",
    fifo: false,
    ...overrides,
  };
}

export function table(name = "orders", overrides: Overrides<DynamoDbTable> = {}): DynamoDbTable {
  return {
    ...base("dynamodb.table", arns.table(name), name),
    pointInTimeRecovery: true,
    deletionProtection: true,
    encryption: "aws-managed",
    billingMode: "PAY_PER_REQUEST",
    ...overrides,
  };
}

export function eventRule(name = "nightly", overrides: Overrides<EventRule> = {}): EventRule {
  return {
    ...base("events.rule", arns.rule(name), name),
    eventBusName: "default",
    scheduleExpression: "rate(1 day)",
    state: "ENABLED",
    targets: [],
    ...overrides,
  };
}

const BASIC_EXECUTION = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";

/** AWSLambdaBasicExecutionRole with its published document, as the readers attach it (`iamRole` names it). */
export const basicExecutionPolicy = managedPolicy(
  "AWSLambdaBasicExecutionRole",
  {
    Statement: [
      { Effect: "Allow", Action: ["logs:CreateLogGroup", "logs:CreateLogStream", "logs:PutLogEvents"], Resource: "*" },
    ],
  },
  { id: BASIC_EXECUTION, arn: BASIC_EXECUTION, awsManaged: true },
);

/** A model of `resources`, with the basic execution policy's document when a role names it, as readers give it. */
export function model(...resources: Resource[]): ResourceModel {
  const named = resources.some((r) => r.kind === "iam.role" && r.managedPolicyArns.includes(BASIC_EXECUTION));
  const held = resources.some((r) => r.arn === BASIC_EXECUTION);
  return new ResourceModel(named && !held ? [...resources, basicExecutionPolicy] : resources);
}

/** An SRP-only app client that may write no custom attribute. */
export function userPoolClient(overrides: Partial<CognitoUserPoolClient> = {}): CognitoUserPoolClient {
  return {
    clientId: "4a1b2c3d4e5f6a7b8c9d0e1f2a",
    name: "web",
    explicitAuthFlows: ["ALLOW_USER_SRP_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    generateSecret: false,
    writeAttributes: ["email", "name"],
    ...overrides,
  };
}

/** A pool with a 12-character, all-classes password policy, MFA required and one SRP-only client. */
export function userPool(id = "us-east-1_Staff1234", overrides: Overrides<CognitoUserPool> = {}): CognitoUserPool {
  return {
    ...base("cognito.user-pool", arns.userPool(id), "staff"),
    passwordPolicy: {
      minimumLength: 12,
      requireUppercase: true,
      requireLowercase: true,
      requireNumbers: true,
      requireSymbols: true,
      temporaryPasswordValidityDays: 7,
    },
    mfa: "ON",
    customAttributes: [],
    deletionProtection: true,
    clients: [userPoolClient()],
    ...overrides,
  };
}
