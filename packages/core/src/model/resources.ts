import type { PolicyDocumentValue } from "./policy.ts";
import type { Unknown, Value } from "./value.ts";

/**
 * Where a resource was read from. Rules never look at this (one rule, every source);
 * outputs use it to point at the template line or the live ARN.
 */
export type Origin =
  | {
      readonly type: "template";
      readonly file: string;
      readonly logicalId: string;
      readonly stack?: string;
      readonly line?: number;
      /** The account the stack deploys to, where the source names it (a CDK stack's environment). */
      readonly account?: string;
    }
  | { readonly type: "live"; readonly account: string; readonly region: string }
  | { readonly type: "config"; readonly account: string; readonly region: string; readonly captureTime?: string }
  | { readonly type: "pulumi"; readonly urn: string };

interface ResourceBase<K extends string> {
  readonly kind: K;
  /** Unique within a model: the ARN for live and Config sources, the synthetic ARN for templates. */
  readonly id: string;
  /**
   * The ARN. Template readers build it with CloudFormation pseudo-parameters left as tokens
   * (`arn:${AWS::Partition}:lambda:${AWS::Region}:${AWS::AccountId}:function:${MyFn}`), so that an
   * `!GetAtt MyFn.Arn` inside a policy resolves to the very same string.
   */
  readonly arn: string;
  /** Physical name; unknown when CloudFormation generates it. */
  readonly name: Value<string>;
  readonly origin: Origin;
  /** Unknown when the read that holds them failed or was denied: never the same as "no tags". */
  readonly tags: Value<Readonly<Record<string, string>>>;
}

export type Architecture = "x86_64" | "arm64";

export interface EnvironmentVariable {
  readonly name: string;
  /** Kept only to judge whether it looks like a secret; never printed. */
  readonly value: Value<string>;
}

export interface FunctionUrl {
  readonly authType: Value<"NONE" | "AWS_IAM">;
  readonly cors?: {
    readonly allowOrigins: readonly Value<string>[];
    readonly allowMethods: readonly Value<string>[];
    readonly allowCredentials: Value<boolean>;
  };
  readonly invokeMode: Value<"BUFFERED" | "RESPONSE_STREAM">;
}

/** Asynchronous invocation settings; absent means AWS defaults (2 retries, 6 h max age, no destinations). */
export interface AsyncInvokeConfig {
  readonly maximumRetryAttempts: Value<number>;
  readonly maximumEventAgeSeconds: Value<number>;
  readonly onSuccess?: Value<string>;
  readonly onFailure?: Value<string>;
}

export interface LambdaFunction extends ResourceBase<"lambda.function"> {
  readonly packageType: "Zip" | "Image";
  /** Absent for container images. */
  readonly runtime?: Value<string>;
  readonly architectures: Value<readonly Architecture[]>;
  readonly handler?: Value<string>;
  /** Execution role ARN. */
  readonly role: Value<string>;
  readonly timeoutSeconds: Value<number>;
  readonly memoryMb: Value<number>;
  readonly environment: Value<readonly EnvironmentVariable[]>;
  /** Layer version ARNs. */
  readonly layers: readonly Value<string>[];
  readonly deadLetterTarget?: Value<string>;
  readonly asyncInvoke?: AsyncInvokeConfig;
  /** Absent: no reservation (the function shares the account's unreserved pool). */
  readonly reservedConcurrency?: Value<number>;
  readonly recursiveLoop: Value<"Allow" | "Terminate">;
  /** Absent: no function URL. Unknown: the source cannot tell whether there is one (AWS Config). */
  readonly url?: FunctionUrl | Unknown;
  /** Resource-based policy (permissions to invoke); empty when none. */
  readonly policy: PolicyDocumentValue;
  readonly tracing: Value<"Active" | "PassThrough">;
  readonly vpc?: { readonly subnetIds: readonly Value<string>[]; readonly securityGroupIds: readonly Value<string>[] };
  /** ISO 8601. Absent: not deployed yet (a template's functions deploy with the change under check). */
  readonly lastModified?: Value<string>;
  /** The function's description as deployed (`""` when none); absent only where the source does not say (Pulumi). */
  readonly description?: Value<string>;
  /** Absent: no code-signing configuration. */
  readonly codeSigning?:
    | { readonly configArn: Value<string>; readonly untrustedArtifactOnDeployment: Value<"Warn" | "Enforce"> }
    | Unknown;
}

export interface EventSourceMapping extends ResourceBase<"lambda.event-source-mapping"> {
  readonly functionArn: Value<string>;
  /** Absent for self-managed sources (Kafka, MQ without ARN). */
  readonly eventSourceArn?: Value<string>;
  readonly enabled: Value<boolean>;
  readonly batchSize?: Value<number>;
  readonly startingPosition?: Value<string>;
  /** Streams only; -1 = retry until the record expires. */
  readonly maximumRetryAttempts?: Value<number>;
  readonly bisectBatchOnFunctionError?: Value<boolean>;
  readonly onFailure?: Value<string>;
  /** SQS sources only. */
  readonly maximumConcurrency?: Value<number>;
}

export interface AttachedPolicyDocument {
  readonly name: Value<string>;
  readonly document: PolicyDocumentValue;
}

export interface IamRole extends ResourceBase<"iam.role"> {
  readonly trustPolicy: PolicyDocumentValue;
  readonly inlinePolicies: readonly AttachedPolicyDocument[];
  readonly managedPolicyArns: readonly Value<string>[];
  readonly permissionsBoundary?: Value<string>;
}

export interface IamManagedPolicy extends ResourceBase<"iam.managed-policy"> {
  readonly document: PolicyDocumentValue;
  readonly awsManaged: boolean;
}

export interface ThrottleSettings {
  readonly burstLimit?: Value<number>;
  readonly rateLimit?: Value<number>;
}

export interface RestApi extends ResourceBase<"apigateway.rest-api"> {
  readonly endpointTypes: Value<readonly string[]>;
  readonly policy: PolicyDocumentValue;
  readonly disableExecuteApiEndpoint: Value<boolean>;
  readonly requestValidators: readonly {
    readonly id: string;
    readonly validateBody: Value<boolean>;
    readonly validateParameters: Value<boolean>;
  }[];
}

export interface MethodSetting extends ThrottleSettings {
  /** `/*` and `*` for all methods. */
  readonly resourcePath: string;
  readonly httpMethod: string;
  readonly loggingLevel?: Value<"OFF" | "ERROR" | "INFO">;
  readonly dataTrace?: Value<boolean>;
  readonly metricsEnabled?: Value<boolean>;
}

export interface RestApiStage extends ResourceBase<"apigateway.stage"> {
  readonly restApiArn: Value<string>;
  readonly stageName: Value<string>;
  readonly methodSettings: readonly MethodSetting[];
  readonly accessLogDestination?: Value<string>;
  readonly webAclArn?: Value<string>;
  readonly tracing: Value<boolean>;
  readonly variables: readonly EnvironmentVariable[];
}

export type RestAuthorization = "NONE" | "AWS_IAM" | "CUSTOM" | "COGNITO_USER_POOLS";

export interface RestApiMethod extends ResourceBase<"apigateway.method"> {
  readonly restApiArn: Value<string>;
  readonly path: Value<string>;
  readonly httpMethod: Value<string>;
  readonly authorizationType: Value<RestAuthorization>;
  readonly apiKeyRequired: Value<boolean>;
  readonly requestValidatorId?: Value<string>;
  /** Lambda function ARN when the integration invokes a function. */
  readonly integrationFunctionArn?: Value<string>;
  /**
   * The Access-Control-Allow-Origin its integration responses set (`method.response.header.Access-Control-Allow-Origin`):
   * a literal origin unquoted (`*`, `https://app.example.com`), or the mapping expression it copies
   * (`method.request.header.Origin`). Absent when no integration response sets it; a Lambda-proxy integration's
   * function writes its own headers, which no configuration shows.
   */
  readonly corsAllowOrigin?: Value<string>;
}

export interface UsagePlan extends ResourceBase<"apigateway.usage-plan"> {
  readonly apiStages: readonly { readonly restApiArn: Value<string>; readonly stageName: Value<string> }[];
  readonly throttle?: ThrottleSettings;
  readonly quota?: { readonly limit: Value<number>; readonly period: Value<string> };
}

export interface HttpApi extends ResourceBase<"apigatewayv2.api"> {
  readonly protocolType: Value<"HTTP" | "WEBSOCKET">;
  readonly cors?: { readonly allowOrigins: readonly Value<string>[]; readonly allowCredentials: Value<boolean> };
  readonly disableExecuteApiEndpoint: Value<boolean>;
}

export interface HttpApiStage extends ResourceBase<"apigatewayv2.stage"> {
  readonly apiArn: Value<string>;
  readonly stageName: Value<string>;
  readonly defaultRouteThrottle?: ThrottleSettings;
  readonly routeThrottles: readonly (ThrottleSettings & { readonly routeKey: string })[];
  readonly accessLogDestination?: Value<string>;
  readonly variables: readonly EnvironmentVariable[];
}

export type HttpAuthorization = "NONE" | "JWT" | "AWS_IAM" | "CUSTOM";

export interface HttpApiRoute extends ResourceBase<"apigatewayv2.route"> {
  readonly apiArn: Value<string>;
  readonly routeKey: Value<string>;
  readonly authorizationType: Value<HttpAuthorization>;
  readonly authorizerId?: Value<string>;
  readonly integrationFunctionArn?: Value<string>;
}

export interface PublicAccessBlock {
  readonly blockPublicAcls: Value<boolean>;
  readonly ignorePublicAcls: Value<boolean>;
  readonly blockPublicPolicy: Value<boolean>;
  readonly restrictPublicBuckets: Value<boolean>;
}

export interface BucketNotification {
  readonly targetType: "lambda" | "sqs" | "sns";
  readonly targetArn: Value<string>;
  readonly events: readonly string[];
}

export interface S3Bucket extends ResourceBase<"s3.bucket"> {
  readonly policy: PolicyDocumentValue;
  /** Absent: no bucket-level block configured. */
  readonly publicAccessBlock?: PublicAccessBlock;
  /**
   * The account-level block (S3 Control), which S3 applies on top of the bucket's; every setting unknown when it
   * could not be read. Absent where the account has none (a live read), and where the source cannot read it: a
   * template cannot know the account it will be deployed to, and AWS Config records no account-level block with a
   * bucket's item. Absent, rules judge by the bucket's own block alone.
   */
  readonly accountPublicAccessBlock?: PublicAccessBlock;
  /** Canned ACL, when known, in S3's spelling (`private`, `public-read`, `public-read-write`, `authenticated-read`, …). */
  readonly acl?: Value<string>;
  readonly notifications: Value<readonly BucketNotification[]>;
  readonly eventBridgeEnabled: Value<boolean>;
  readonly versioning: Value<boolean>;
}

export interface SqsQueue extends ResourceBase<"sqs.queue"> {
  readonly url?: Value<string>;
  readonly fifo: boolean;
  readonly policy: PolicyDocumentValue;
  /** Absent: no redrive policy. Both fields unknown: the policy could not be read, so whether there is one is unknown. */
  readonly redrive?: { readonly deadLetterTargetArn: Value<string>; readonly maxReceiveCount: Value<number> };
  readonly encryption: Value<"none" | "sqs-managed" | "kms">;
  readonly visibilityTimeoutSeconds: Value<number>;
  readonly messageRetentionSeconds: Value<number>;
}

export interface SnsSubscription {
  readonly protocol: Value<string>;
  readonly endpoint: Value<string>;
  readonly deadLetterTarget?: Value<string>;
}

export interface SnsTopic extends ResourceBase<"sns.topic"> {
  readonly policy: PolicyDocumentValue;
  readonly subscriptions: Value<readonly SnsSubscription[]>;
  readonly kmsKeyId?: Value<string>;
  readonly fifo: boolean;
}

export interface DynamoDbTable extends ResourceBase<"dynamodb.table"> {
  readonly pointInTimeRecovery: Value<boolean>;
  readonly deletionProtection: Value<boolean>;
  readonly encryption: Value<"aws-owned" | "aws-managed" | "customer-managed">;
  readonly stream?: { readonly viewType: Value<string>; readonly arn: Value<string> };
  readonly billingMode: Value<"PROVISIONED" | "PAY_PER_REQUEST">;
}

export interface EventTarget {
  readonly id: Value<string>;
  readonly arn: Value<string>;
  readonly deadLetterTarget?: Value<string>;
  readonly maximumRetryAttempts?: Value<number>;
  readonly maximumEventAgeSeconds?: Value<number>;
}

export interface EventRule extends ResourceBase<"events.rule"> {
  readonly eventBusName: Value<string>;
  readonly eventPattern?: Value<unknown>;
  readonly scheduleExpression?: Value<string>;
  readonly state: Value<"ENABLED" | "DISABLED" | "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS">;
  readonly targets: Value<readonly EventTarget[]>;
}

/** A user pool's password policy; AWS applies {@link COGNITO_DEFAULTS} when a pool sets none. */
export interface CognitoPasswordPolicy {
  readonly minimumLength: Value<number>;
  readonly requireUppercase: Value<boolean>;
  readonly requireLowercase: Value<boolean>;
  readonly requireNumbers: Value<boolean>;
  readonly requireSymbols: Value<boolean>;
  readonly temporaryPasswordValidityDays: Value<number>;
}

export interface CognitoAttribute {
  /** As at run time: `custom:role`; a developer-only attribute `dev:custom:role`. */
  readonly name: string;
  readonly mutable: Value<boolean>;
}

/** An app client of a pool: held by its pool, whose rules judge the two together. */
export interface CognitoUserPoolClient {
  readonly clientId: Value<string>;
  readonly name: Value<string>;
  /** As configured, `ALLOW_` names and legacy ones (`ADMIN_NO_SRP_AUTH`); AWS defaults when a client sets none. */
  readonly explicitAuthFlows: Value<readonly string[]>;
  readonly generateSecret: Value<boolean>;
  /** Attributes users may write through this client; absent: every mutable attribute (Cognito's default). */
  readonly writeAttributes?: Value<readonly string[]>;
}

export interface CognitoUserPool extends ResourceBase<"cognito.user-pool"> {
  readonly passwordPolicy: CognitoPasswordPolicy;
  readonly mfa: Value<"OFF" | "ON" | "OPTIONAL">;
  /** The pool's custom (and developer-only) attributes; standard attributes are left out. */
  readonly customAttributes: Value<readonly CognitoAttribute[]>;
  readonly deletionProtection: Value<boolean>;
  /** The pool's app clients; unknown when they could not be listed. */
  readonly clients: Value<readonly CognitoUserPoolClient[]>;
}

export type Resource =
  | LambdaFunction
  | EventSourceMapping
  | IamRole
  | IamManagedPolicy
  | RestApi
  | RestApiStage
  | RestApiMethod
  | UsagePlan
  | HttpApi
  | HttpApiStage
  | HttpApiRoute
  | S3Bucket
  | SqsQueue
  | SnsTopic
  | DynamoDbTable
  | EventRule
  | CognitoUserPool;

export type ResourceKind = Resource["kind"];
export type ResourceOfKind<K extends ResourceKind> = Extract<Resource, { kind: K }>;

export const RESOURCE_KINDS = [
  "lambda.function",
  "lambda.event-source-mapping",
  "iam.role",
  "iam.managed-policy",
  "apigateway.rest-api",
  "apigateway.stage",
  "apigateway.method",
  "apigateway.usage-plan",
  "apigatewayv2.api",
  "apigatewayv2.stage",
  "apigatewayv2.route",
  "s3.bucket",
  "sqs.queue",
  "sns.topic",
  "dynamodb.table",
  "events.rule",
  "cognito.user-pool",
] as const satisfies readonly ResourceKind[];

/** Kinds that hold application data: the far end of a flow edge. */
export const DATA_STORE_KINDS = [
  "dynamodb.table",
  "s3.bucket",
  "sqs.queue",
  "sns.topic",
] as const satisfies readonly ResourceKind[];
export type DataStore = ResourceOfKind<(typeof DATA_STORE_KINDS)[number]>;

/** AWS defaults that every reader applies when a setting is absent, so sources agree. */
export const LAMBDA_DEFAULTS = {
  timeoutSeconds: 3,
  memoryMb: 128,
  recursiveLoop: "Terminate",
  tracing: "PassThrough",
  architectures: ["x86_64"],
  asyncMaximumRetryAttempts: 2,
  asyncMaximumEventAgeSeconds: 21_600,
} as const;

export const SQS_DEFAULTS = { visibilityTimeoutSeconds: 30, messageRetentionSeconds: 345_600 } as const;

/**
 * Cognito's defaults: the password policy of a pool that sets none (8 characters, all four classes, temporary
 * passwords valid 7 days), MFA off, and the flows of a client that names none.
 */
export const COGNITO_DEFAULTS = {
  passwordPolicy: {
    minimumLength: 8,
    requireUppercase: true,
    requireLowercase: true,
    requireNumbers: true,
    requireSymbols: true,
    temporaryPasswordValidityDays: 7,
  },
  mfa: "OFF",
  explicitAuthFlows: ["ALLOW_REFRESH_TOKEN_AUTH", "ALLOW_USER_SRP_AUTH", "ALLOW_CUSTOM_AUTH"],
} as const;

/** A password policy that could not be read or resolved: every setting unknown, for the same reason. */
export function unknownPasswordPolicy(why: Unknown): CognitoPasswordPolicy {
  return {
    minimumLength: why,
    requireUppercase: why,
    requireLowercase: why,
    requireNumbers: why,
    requireSymbols: why,
    temporaryPasswordValidityDays: why,
  };
}
