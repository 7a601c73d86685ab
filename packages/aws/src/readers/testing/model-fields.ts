/**
 * The top-level fields of each kind's model type, for the every-field meta-test. Types vanish at run time, so they
 * are listed here; the mapped type makes the compiler refuse a list that misses a field of the model or names one it
 * does not have, so a field added to `resources.ts` fails type-checking until it is listed (and then read).
 */
import type { ResourceKind, ResourceOfKind } from "@vigil/core";

/** What every resource carries whatever its source: not worth checking field by field. */
type Identity = "kind" | "id" | "arn" | "origin";

export type FieldOf<K extends ResourceKind> = Exclude<keyof ResourceOfKind<K>, Identity> & string;

type FieldList = { readonly [K in ResourceKind]: { readonly [F in FieldOf<K>]-?: true } };

const BASE = { name: true, tags: true } as const;

const FIELDS: FieldList = {
  "lambda.function": {
    ...BASE,
    packageType: true,
    runtime: true,
    architectures: true,
    handler: true,
    role: true,
    timeoutSeconds: true,
    memoryMb: true,
    environment: true,
    layers: true,
    deadLetterTarget: true,
    asyncInvoke: true,
    reservedConcurrency: true,
    recursiveLoop: true,
    url: true,
    policy: true,
    tracing: true,
    vpc: true,
    lastModified: true,
    description: true,
    codeSigning: true,
  },
  "lambda.event-source-mapping": {
    ...BASE,
    functionArn: true,
    eventSourceArn: true,
    enabled: true,
    batchSize: true,
    startingPosition: true,
    maximumRetryAttempts: true,
    bisectBatchOnFunctionError: true,
    onFailure: true,
    maximumConcurrency: true,
  },
  "iam.role": { ...BASE, trustPolicy: true, inlinePolicies: true, managedPolicyArns: true, permissionsBoundary: true },
  "iam.managed-policy": { ...BASE, document: true, awsManaged: true },
  "apigateway.rest-api": {
    ...BASE,
    endpointTypes: true,
    policy: true,
    disableExecuteApiEndpoint: true,
    requestValidators: true,
  },
  "apigateway.stage": {
    ...BASE,
    restApiArn: true,
    stageName: true,
    methodSettings: true,
    accessLogDestination: true,
    webAclArn: true,
    tracing: true,
    variables: true,
  },
  "apigateway.method": {
    ...BASE,
    restApiArn: true,
    path: true,
    httpMethod: true,
    authorizationType: true,
    apiKeyRequired: true,
    requestValidatorId: true,
    integrationFunctionArn: true,
    corsAllowOrigin: true,
  },
  "apigateway.usage-plan": { ...BASE, apiStages: true, throttle: true, quota: true },
  "apigatewayv2.api": { ...BASE, protocolType: true, cors: true, disableExecuteApiEndpoint: true },
  "apigatewayv2.stage": {
    ...BASE,
    apiArn: true,
    stageName: true,
    defaultRouteThrottle: true,
    routeThrottles: true,
    accessLogDestination: true,
    variables: true,
  },
  "apigatewayv2.route": {
    ...BASE,
    apiArn: true,
    routeKey: true,
    authorizationType: true,
    authorizerId: true,
    integrationFunctionArn: true,
  },
  "s3.bucket": {
    ...BASE,
    policy: true,
    publicAccessBlock: true,
    accountPublicAccessBlock: true,
    acl: true,
    notifications: true,
    eventBridgeEnabled: true,
    versioning: true,
  },
  "sqs.queue": {
    ...BASE,
    url: true,
    fifo: true,
    policy: true,
    redrive: true,
    encryption: true,
    visibilityTimeoutSeconds: true,
    messageRetentionSeconds: true,
  },
  "sns.topic": { ...BASE, policy: true, subscriptions: true, kmsKeyId: true, fifo: true },
  "dynamodb.table": {
    ...BASE,
    pointInTimeRecovery: true,
    deletionProtection: true,
    encryption: true,
    stream: true,
    billingMode: true,
  },
  "events.rule": {
    ...BASE,
    eventBusName: true,
    eventPattern: true,
    scheduleExpression: true,
    state: true,
    targets: true,
  },
  "cognito.user-pool": {
    ...BASE,
    passwordPolicy: true,
    mfa: true,
    customAttributes: true,
    deletionProtection: true,
    clients: true,
  },
};

/** The fields of the model type of `kind`, identity fields aside. */
export function modelFields<K extends ResourceKind>(kind: K): FieldOf<K>[] {
  return Object.keys(FIELDS[kind]) as FieldOf<K>[];
}
