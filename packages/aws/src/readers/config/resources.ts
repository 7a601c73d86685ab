import {
  type Architecture,
  type BucketNotification,
  type ConfigResourceType,
  type DynamoDbTable,
  type EventRule,
  type HttpApi,
  type HttpApiStage,
  type IamManagedPolicy,
  type IamRole,
  isConfigResourceType,
  isUnknown,
  LAMBDA_DEFAULTS,
  type LambdaFunction,
  type MethodSetting,
  type PolicyDocumentValue,
  parsePolicyDocument,
  type Resource,
  type RestApi,
  type RestApiStage,
  type S3Bucket,
  type SnsTopic,
  SQS_DEFAULTS,
  type SqsQueue,
  type ThrottleSettings,
  unknown,
  unqualifiedFunctionArn,
  type Value,
} from "@vigil/core";
import { missingAwsManagedPolicies } from "../aws-managed-policies.ts";
import {
  at,
  type ConfigItem,
  type ConfigItemError,
  ConfigItemParseError,
  DELETED_STATUSES,
  flag,
  get,
  int,
  isRecord,
  normalizeItem,
  text,
} from "./items.ts";

/**
 * Settings AWS Config does not record (they come from other APIs than the one Config mirrors): unknown, never a
 * default. Fields the mirrored describe call omits when unset (a function's dead-letter queue, a queue's policy)
 * are absent from the item for the same reason and keep the model's "absent = not configured" meaning.
 */
const NOT_RECORDED = "not recorded by AWS Config";

/** Collects the errors of one conversion; values that fail become unknown rather than guesses. */
class ItemContext {
  constructor(
    readonly item: ConfigItem,
    private readonly errors: ConfigItemError[],
  ) {}

  error(message: string): string {
    this.errors.push({ resourceType: this.item.resourceType, resource: this.item.arn, message });
    return message;
  }

  /** A policy document as Config stores it (JSON or URL-encoded JSON); null or empty means no policy. */
  policy(document: unknown, where: string): PolicyDocumentValue {
    if (document === undefined || document === null || document === "") return { statements: [] };
    try {
      return parsePolicyDocument(document);
    } catch (error) {
      return unknown(this.error(`${where}: ${(error as Error).message}`));
    }
  }

  /** Embedded JSON text (a queue's RedrivePolicy, a rule's EventPattern); unreadable text becomes unknown. */
  json(value: unknown, where: string): unknown {
    if (typeof value !== "string") return value;
    try {
      return JSON.parse(value);
    } catch (error) {
      return unknown(this.error(`${where} is not valid JSON: ${(error as Error).message}`));
    }
  }

  /** A supplementary value, or undefined when the item does not carry it. */
  supplementary(key: string): unknown {
    return get(this.item.supplementary, key);
  }

  /** Unknown when the item has no supplementary configuration at all, or lacks `key`. */
  notInSupplementary(key: string) {
    return unknown(
      this.item.supplementary ? `${key} ${NOT_RECORDED}` : "supplementaryConfiguration not in the configuration item",
    );
  }
}

function base<K extends Resource["kind"]>(kind: K, ctx: ItemContext, arn: string, name: string | undefined) {
  const { item } = ctx;
  return {
    kind,
    id: arn,
    arn,
    name: name ?? item.resourceName ?? unknown(`${item.resourceType} item without a name`),
    origin: item.origin,
    tags: item.tags,
  };
}

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : [];

function variables(value: unknown) {
  return isRecord(value) ? Object.entries(value).map(([name, v]) => ({ name, value: String(v) })) : [];
}

function throttle(settings: unknown): ThrottleSettings | undefined {
  const burstLimit = int(get(settings, "throttlingBurstLimit"));
  const rateLimit = int(get(settings, "throttlingRateLimit"));
  if (burstLimit === undefined && rateLimit === undefined) return undefined;
  return { ...(burstLimit !== undefined && { burstLimit }), ...(rateLimit !== undefined && { rateLimit }) };
}

/** GetFunctionConfiguration answers `""` for no description and Config mirrors it; an item without the field says nothing. */
function description(configuration: unknown): Value<string> {
  const value = get(configuration, "description");
  return typeof value === "string" ? value : unknown("no description in the item");
}

function lambdaFunction(ctx: ItemContext): LambdaFunction {
  const c = ctx.item.configuration;
  const arn = unqualifiedFunctionArn(text(get(c, "functionArn")) ?? ctx.item.arn);
  const packageType = get(c, "packageType") === "Image" ? "Image" : "Zip";
  const subnetIds = strings(at(c, "vpcConfig.subnetIds"));
  const environment = get(c, "environment");
  const concurrency = ctx.supplementary("Concurrency");
  const reserved = int(get(concurrency, "reservedConcurrentExecutions"));
  const architectures = strings(get(c, "architectures"));
  const handler = text(get(c, "handler"));
  const deadLetterTarget = text(at(c, "deadLetterConfig.targetArn"));
  const why = unknown(NOT_RECORDED);
  return {
    ...base("lambda.function", ctx, arn, text(get(c, "functionName"))),
    packageType,
    ...(packageType === "Zip" && { runtime: text(get(c, "runtime")) ?? unknown("no runtime in the item") }),
    architectures: (architectures.length > 0
      ? architectures
      : LAMBDA_DEFAULTS.architectures) as readonly Architecture[],
    ...(handler && { handler }),
    role: text(get(c, "role")) ?? unknown("no role in the item"),
    timeoutSeconds: int(get(c, "timeout")) ?? LAMBDA_DEFAULTS.timeoutSeconds,
    memoryMb: int(get(c, "memorySize")) ?? LAMBDA_DEFAULTS.memoryMb,
    // GetFunctionConfiguration omits Environment when there is none; Config mirrors it.
    environment: get(environment, "error")
      ? unknown(`environment: ${text(at(environment, "error.errorCode")) ?? "error"}`)
      : variables(get(environment, "variables")),
    layers: (Array.isArray(get(c, "layers")) ? (get(c, "layers") as unknown[]) : []).map(
      (layer) => text(get(layer, "arn")) ?? unknown("layer without arn"),
    ),
    ...(deadLetterTarget && { deadLetterTarget }),
    asyncInvoke: { maximumRetryAttempts: why, maximumEventAgeSeconds: why, onSuccess: why, onFailure: why },
    reservedConcurrency: reserved ?? (concurrency === undefined ? ctx.notInSupplementary("Concurrency") : why),
    recursiveLoop: why,
    // Whether a URL exists is not recorded either; the rules see an unknown auth type, never "no URL".
    url: why,
    policy: why,
    tracing: get(get(c, "tracingConfig"), "mode") === "Active" ? "Active" : LAMBDA_DEFAULTS.tracing,
    ...(subnetIds.length > 0 && {
      vpc: { subnetIds, securityGroupIds: strings(at(c, "vpcConfig.securityGroupIds")) },
    }),
    lastModified: text(get(c, "lastModified")) ?? unknown("no lastModified in the item"),
    description: description(c),
    codeSigning: why,
  };
}

function iamRole(ctx: ItemContext): IamRole {
  const c = ctx.item.configuration;
  const arn = text(get(c, "arn")) ?? ctx.item.arn;
  const boundary = get(c, "permissionsBoundary");
  const boundaryArn = text(boundary) ?? text(get(boundary, "permissionsBoundaryArn"));
  const inline = get(c, "rolePolicyList");
  const attached = get(c, "attachedManagedPolicies");
  return {
    ...base("iam.role", ctx, arn, text(get(c, "roleName"))),
    trustPolicy:
      get(c, "assumeRolePolicyDocument") === undefined || get(c, "assumeRolePolicyDocument") === null
        ? unknown("no assumeRolePolicyDocument in the item")
        : ctx.policy(get(c, "assumeRolePolicyDocument"), "assumeRolePolicyDocument"),
    inlinePolicies: (Array.isArray(inline) ? inline : []).map((p) => {
      const name = text(get(p, "policyName"));
      return {
        name: name ?? unknown("inline policy without policyName"),
        document: ctx.policy(get(p, "policyDocument"), `inline policy ${name ?? "(unnamed)"}`),
      };
    }),
    managedPolicyArns: (Array.isArray(attached) ? attached : []).map(
      (p) => text(get(p, "policyArn")) ?? unknown("attached policy without policyArn"),
    ),
    ...(boundaryArn && { permissionsBoundary: boundaryArn }),
  };
}

function iamPolicy(ctx: ItemContext): IamManagedPolicy {
  const c = ctx.item.configuration;
  const arn = text(get(c, "arn")) ?? ctx.item.arn;
  const versions = get(c, "policyVersionList");
  const current = (Array.isArray(versions) ? versions : []).find((v) => flag(get(v, "isDefaultVersion")));
  return {
    ...base("iam.managed-policy", ctx, arn, text(get(c, "policyName"))),
    document: current
      ? ctx.policy(get(current, "document"), `default version of ${arn}`)
      : unknown("no default version in policyVersionList"),
    awsManaged: /^arn:[^:]+:iam::aws:policy\//.test(arn),
  };
}

/** API Gateway returns a REST API policy with its quotes backslash-escaped; Config keeps that. */
function unescapedPolicy(policy: unknown): unknown {
  return typeof policy === "string" && policy.includes('\\"') ? policy.replace(/\\"/g, '"') : policy;
}

function restApi(ctx: ItemContext): RestApi {
  const c = ctx.item.configuration;
  const types = strings(at(c, "endpointConfiguration.types"));
  return {
    ...base("apigateway.rest-api", ctx, ctx.item.arn, text(get(c, "name"))),
    endpointTypes: types.length > 0 ? types : ["EDGE"],
    policy: ctx.policy(unescapedPolicy(get(c, "policy")), "REST API policy"),
    disableExecuteApiEndpoint: flag(get(c, "disableExecuteApiEndpoint")) ?? false,
    requestValidators: [],
  };
}

/** `*\/*` → (`/*`, `*`); `~1orders/GET` → (`/orders`, `GET`), as API Gateway keys method settings. */
function methodSettings(settings: unknown): MethodSetting[] {
  if (!isRecord(settings)) return [];
  return Object.entries(settings).map(([key, s]) => {
    const slash = key.lastIndexOf("/");
    const path = key.slice(0, slash).replace(/~1/g, "/");
    const loggingLevel = text(get(s, "loggingLevel"));
    const dataTrace = flag(get(s, "dataTraceEnabled"));
    const metricsEnabled = flag(get(s, "metricsEnabled"));
    return {
      resourcePath: path.startsWith("/") ? path : `/${path}`,
      httpMethod: key.slice(slash + 1),
      ...throttle(s),
      ...(loggingLevel && { loggingLevel: loggingLevel as "OFF" | "ERROR" | "INFO" }),
      ...(dataTrace !== undefined && { dataTrace }),
      ...(metricsEnabled !== undefined && { metricsEnabled }),
    };
  });
}

/** `…/restapis/<id>/stages/<name>` → `…/restapis/<id>`. */
const parentApiArn = (stageArn: string) => stageArn.replace(/\/stages\/[^/]+$/, "");

function restStage(ctx: ItemContext): RestApiStage {
  const c = ctx.item.configuration;
  const stageName = text(get(c, "stageName")) ?? ctx.item.arn.slice(ctx.item.arn.lastIndexOf("/") + 1);
  const accessLog = text(at(c, "accessLogSettings.destinationArn"));
  const webAcl = text(get(c, "webAclArn"));
  return {
    ...base("apigateway.stage", ctx, ctx.item.arn, stageName),
    restApiArn: parentApiArn(ctx.item.arn),
    stageName,
    methodSettings: methodSettings(get(c, "methodSettings")),
    ...(accessLog && { accessLogDestination: accessLog }),
    ...(webAcl && { webAclArn: webAcl }),
    tracing: flag(get(c, "tracingEnabled")) ?? false,
    variables: variables(get(c, "variables")),
  };
}

function httpApi(ctx: ItemContext): HttpApi {
  const c = ctx.item.configuration;
  const cors = get(c, "corsConfiguration");
  const protocol = text(get(c, "protocolType"));
  return {
    ...base("apigatewayv2.api", ctx, ctx.item.arn, text(get(c, "name"))),
    protocolType: protocol === "HTTP" || protocol === "WEBSOCKET" ? protocol : unknown("no protocolType in the item"),
    ...(isRecord(cors) && {
      cors: {
        allowOrigins: strings(get(cors, "allowOrigins")),
        allowCredentials: flag(get(cors, "allowCredentials")) ?? false,
      },
    }),
    disableExecuteApiEndpoint: flag(get(c, "disableExecuteApiEndpoint")) ?? false,
  };
}

function httpStage(ctx: ItemContext): HttpApiStage {
  const c = ctx.item.configuration;
  const stageName = text(get(c, "stageName")) ?? ctx.item.arn.slice(ctx.item.arn.lastIndexOf("/") + 1);
  const defaultRouteThrottle = throttle(get(c, "defaultRouteSettings"));
  const routeSettings = get(c, "routeSettings");
  const accessLog = text(at(c, "accessLogSettings.destinationArn"));
  return {
    ...base("apigatewayv2.stage", ctx, ctx.item.arn, stageName),
    apiArn: parentApiArn(ctx.item.arn),
    stageName,
    ...(defaultRouteThrottle && { defaultRouteThrottle }),
    routeThrottles: isRecord(routeSettings)
      ? Object.entries(routeSettings).map(([routeKey, r]) => ({ routeKey, ...throttle(r) }))
      : [],
    ...(accessLog && { accessLogDestination: accessLog }),
    variables: variables(get(c, "stageVariables")),
  };
}

const ALL_USERS = /(^|\/)AllUsers$/;
const AUTHENTICATED_USERS = /(^|\/)AuthenticatedUsers$/;

/** The canned ACL equivalent to Config's grant list, as far as public access goes. */
function cannedAcl(acl: unknown): string {
  const grants = get(acl, "grantList");
  const to = (grantee: RegExp, permission: string) =>
    (Array.isArray(grants) ? grants : []).some((g) => {
      const who = get(g, "grantee");
      const granted = text(get(g, "permission"));
      return typeof who === "string" && grantee.test(who) && (granted === permission || granted === "FullControl");
    });
  if (to(ALL_USERS, "Write")) return "public-read-write";
  if (to(ALL_USERS, "Read")) return "public-read";
  if (to(AUTHENTICATED_USERS, "Read")) return "authenticated-read";
  return "private";
}

const NOTIFICATION_TARGETS = {
  LambdaConfiguration: ["lambda", "functionARN"],
  QueueConfiguration: ["sqs", "queueARN"],
  TopicConfiguration: ["sns", "topicARN"],
} as const;

function notifications(ctx: ItemContext, value: unknown): Value<readonly BucketNotification[]> {
  if (value === undefined) return ctx.notInSupplementary("BucketNotificationConfiguration");
  const configurations = get(value, "configurations");
  const list: BucketNotification[] = [];
  for (const n of isRecord(configurations) ? Object.values(configurations) : []) {
    const type = text(get(n, "type")) as keyof typeof NOTIFICATION_TARGETS | undefined;
    const target = type && NOTIFICATION_TARGETS[type];
    if (!target) continue;
    list.push({
      targetType: target[0],
      targetArn: text(get(n, target[1])) ?? unknown(`${type} without ${target[1]}`),
      events: strings(get(n, "events")),
    });
  }
  return list;
}

function s3Bucket(ctx: ItemContext): S3Bucket {
  const c = ctx.item.configuration;
  const policy = ctx.supplementary("BucketPolicy");
  const block = ctx.supplementary("PublicAccessBlockConfiguration");
  const versioning = ctx.supplementary("BucketVersioningConfiguration");
  const acl = ctx.supplementary("AccessControlList");
  const blockField = (key: string) => flag(get(block, key)) ?? unknown(`PublicAccessBlockConfiguration.${key} missing`);
  return {
    ...base("s3.bucket", ctx, ctx.item.arn, text(get(c, "name"))),
    policy:
      policy === undefined
        ? ctx.notInSupplementary("BucketPolicy")
        : ctx.policy(get(policy, "policyText"), "bucket policy"),
    // Config records the block only when the bucket has one; without any supplementary data nothing is known.
    ...(block !== undefined
      ? {
          publicAccessBlock: {
            blockPublicAcls: blockField("blockPublicAcls"),
            ignorePublicAcls: blockField("ignorePublicAcls"),
            blockPublicPolicy: blockField("blockPublicPolicy"),
            restrictPublicBuckets: blockField("restrictPublicBuckets"),
          },
        }
      : !ctx.item.supplementary && {
          publicAccessBlock: {
            blockPublicAcls: ctx.notInSupplementary("PublicAccessBlockConfiguration"),
            ignorePublicAcls: ctx.notInSupplementary("PublicAccessBlockConfiguration"),
            blockPublicPolicy: ctx.notInSupplementary("PublicAccessBlockConfiguration"),
            restrictPublicBuckets: ctx.notInSupplementary("PublicAccessBlockConfiguration"),
          },
        }),
    acl: acl === undefined ? ctx.notInSupplementary("AccessControlList") : cannedAcl(acl),
    notifications: notifications(ctx, ctx.supplementary("BucketNotificationConfiguration")),
    eventBridgeEnabled: unknown(`EventBridge notification ${NOT_RECORDED}`),
    versioning:
      versioning === undefined
        ? ctx.notInSupplementary("BucketVersioningConfiguration")
        : get(versioning, "status") === "Enabled",
  };
}

/** Queue attributes as `GetQueueAttributes` names them; values may be strings. */
function sqsQueue(ctx: ItemContext): SqsQueue {
  const c = ctx.item.configuration;
  const arn = text(get(c, "QueueArn")) ?? ctx.item.arn;
  const url = text(get(c, "QueueUrl")) ?? ctx.item.resourceId;
  const redrive = ctx.json(get(c, "RedrivePolicy"), "RedrivePolicy");
  const managedSse = flag(get(c, "SqsManagedSseEnabled"));
  return {
    ...base("sqs.queue", ctx, arn, text(get(c, "QueueName")) ?? arn.slice(arn.lastIndexOf(":") + 1)),
    ...(url && { url }),
    fifo: flag(get(c, "FifoQueue")) ?? arn.endsWith(".fifo"),
    policy: ctx.policy(get(c, "Policy"), "queue policy"),
    ...(isUnknown(redrive) && { redrive: { deadLetterTargetArn: redrive, maxReceiveCount: redrive } }),
    ...(isRecord(redrive) &&
      !isUnknown(redrive) && {
        redrive: {
          deadLetterTargetArn: text(get(redrive, "deadLetterTargetArn")) ?? unknown("RedrivePolicy without target"),
          maxReceiveCount: int(get(redrive, "maxReceiveCount")) ?? unknown("RedrivePolicy without maxReceiveCount"),
        },
      }),
    encryption: text(get(c, "KmsMasterKeyId"))
      ? "kms"
      : managedSse === undefined
        ? unknown(`SqsManagedSseEnabled ${NOT_RECORDED}`)
        : managedSse
          ? "sqs-managed"
          : "none",
    visibilityTimeoutSeconds: int(get(c, "VisibilityTimeout")) ?? SQS_DEFAULTS.visibilityTimeoutSeconds,
    messageRetentionSeconds: int(get(c, "MessageRetentionPeriod")) ?? SQS_DEFAULTS.messageRetentionSeconds,
  };
}

function snsTopic(ctx: ItemContext): SnsTopic {
  const c = ctx.item.configuration;
  const arn = text(get(c, "TopicArn")) ?? ctx.item.arn;
  const key = text(get(c, "KmsMasterKeyId"));
  return {
    ...base("sns.topic", ctx, arn, arn.slice(arn.lastIndexOf(":") + 1)),
    policy: ctx.policy(get(c, "Policy"), "topic policy"),
    subscriptions: unknown(`subscriptions ${NOT_RECORDED}`),
    ...(key && { kmsKeyId: key }),
    fifo: flag(get(c, "FifoTopic")) ?? arn.endsWith(".fifo"),
  };
}

function dynamoDbTable(ctx: ItemContext): DynamoDbTable {
  const c = ctx.item.configuration;
  const arn = text(get(c, "tableArn")) ?? ctx.item.arn;
  const sse = get(c, "sseDescription");
  const keyArn = text(get(sse, "kmsMasterKeyArn"));
  const pitr = ctx.supplementary("ContinuousBackupsDescription");
  const pitrStatus = text(at(pitr, "pointInTimeRecoveryDescription.pointInTimeRecoveryStatus"));
  const streamEnabled = flag(at(c, "streamSpecification.streamEnabled"));
  const protection = flag(get(c, "deletionProtectionEnabled"));
  const billing = text(at(c, "billingModeSummary.billingMode"));
  return {
    ...base("dynamodb.table", ctx, arn, text(get(c, "tableName"))),
    pointInTimeRecovery:
      pitrStatus === undefined ? ctx.notInSupplementary("ContinuousBackupsDescription") : pitrStatus === "ENABLED",
    deletionProtection: protection ?? unknown(`deletionProtectionEnabled ${NOT_RECORDED}`),
    // No SSE description: the AWS-owned key; KMS with the `aws/dynamodb` alias key: AWS-managed.
    encryption: !isRecord(sse)
      ? "aws-owned"
      : keyArn && !/alias\/aws\/dynamodb$/.test(keyArn)
        ? "customer-managed"
        : "aws-managed",
    ...(streamEnabled && {
      stream: {
        viewType: text(at(c, "streamSpecification.streamViewType")) ?? unknown("no streamViewType"),
        arn: text(get(c, "latestStreamArn")) ?? unknown("no latestStreamArn"),
      },
    }),
    billingMode: billing === "PAY_PER_REQUEST" ? "PAY_PER_REQUEST" : "PROVISIONED",
  };
}

function eventRule(ctx: ItemContext): EventRule {
  const c = ctx.item.configuration;
  const arn = text(get(c, "Arn")) ?? ctx.item.arn;
  const pattern = get(c, "EventPattern");
  const schedule = text(get(c, "ScheduleExpression"));
  const state = text(get(c, "State"));
  const targets = get(c, "Targets");
  return {
    ...base("events.rule", ctx, arn, text(get(c, "Name"))),
    eventBusName: text(get(c, "EventBusName")) ?? "default",
    ...(pattern !== undefined && pattern !== null && { eventPattern: ctx.json(pattern, "EventPattern") }),
    ...(schedule && { scheduleExpression: schedule }),
    state:
      state === "ENABLED" || state === "DISABLED" || state === "ENABLED_WITH_ALL_CLOUDTRAIL_MANAGEMENT_EVENTS"
        ? state
        : unknown("no State in the item"),
    targets: Array.isArray(targets)
      ? targets.map((t) => {
          const dlq = text(at(t, "DeadLetterConfig.Arn"));
          const retries = int(at(t, "RetryPolicy.MaximumRetryAttempts"));
          const age = int(at(t, "RetryPolicy.MaximumEventAgeInSeconds"));
          return {
            id: text(get(t, "Id")) ?? unknown("target without Id"),
            arn: text(get(t, "Arn")) ?? unknown("target without Arn"),
            ...(dlq && { deadLetterTarget: dlq }),
            ...(retries !== undefined && { maximumRetryAttempts: retries }),
            ...(age !== undefined && { maximumEventAgeSeconds: age }),
          };
        })
      : unknown(`Targets ${NOT_RECORDED}`),
  };
}

const MAPPERS: { readonly [T in ConfigResourceType]: (ctx: ItemContext) => Resource } = {
  "AWS::Lambda::Function": lambdaFunction,
  "AWS::IAM::Role": iamRole,
  "AWS::IAM::Policy": iamPolicy,
  "AWS::ApiGateway::RestApi": restApi,
  "AWS::ApiGateway::Stage": restStage,
  "AWS::ApiGatewayV2::Api": httpApi,
  "AWS::ApiGatewayV2::Stage": httpStage,
  "AWS::S3::Bucket": s3Bucket,
  "AWS::SQS::Queue": sqsQueue,
  "AWS::SNS::Topic": snsTopic,
  "AWS::DynamoDB::Table": dynamoDbTable,
  "AWS::Events::Rule": eventRule,
};

export interface ConfigReadResult {
  readonly resources: Resource[];
  /** Items that became no resource, and values that became unknown. */
  readonly errors: ConfigItemError[];
}

/**
 * Builds model resources from AWS Config configuration items (see {@link normalizeItem} for the accepted shapes).
 * Types Vigil does not model and deleted resources are skipped; an unreadable item is an error, never dropped
 * silently. When an item appears more than once the latest capture wins.
 */
export function configItemsToResources(items: readonly unknown[]): ConfigReadResult {
  const errors: ConfigItemError[] = [];
  const latest = new Map<string, { resource: Resource; at: string }>();
  for (const raw of items) {
    let item: ConfigItem;
    try {
      item = normalizeItem(raw);
    } catch (error) {
      if (!(error instanceof ConfigItemParseError)) throw error;
      errors.push({ message: error.message });
      continue;
    }
    if (!isConfigResourceType(item.resourceType) || (item.status && DELETED_STATUSES.has(item.status))) continue;
    let resource: Resource;
    try {
      resource = MAPPERS[item.resourceType](new ItemContext(item, errors));
    } catch (error) {
      // Fail closed: a mapper that breaks on an unexpected shape reports the item instead of dropping it.
      errors.push({ resourceType: item.resourceType, resource: item.arn, message: (error as Error).message });
      continue;
    }
    const at = item.origin.captureTime ?? "";
    const previous = latest.get(resource.id);
    if (!previous || previous.at <= at) latest.set(resource.id, { resource, at });
  }
  const resources = [...latest.values()].map((entry) => entry.resource);
  // Config records customer-managed policies only: roles name AWS-managed ones by ARN.
  return { resources: [...resources, ...missingAwsManagedPolicies(resources)], errors };
}
