import { unqualifiedFunctionArn } from "../model/graph.ts";
import type { ResourceKind } from "../model/resources.ts";
import { partitionOf, type ResourceRef } from "./refs.ts";

/** One recorded API call, reduced to what the handlers read. */
export interface ApiCall {
  /** Event name without Lambda's API-version suffix: `UpdateFunctionConfiguration`. */
  readonly name: string;
  /** `lambda` for `lambda.amazonaws.com`. */
  readonly service: string;
  readonly account: string;
  readonly region: string;
  readonly request: Readonly<Record<string, unknown>>;
  readonly response: Readonly<Record<string, unknown>>;
}

interface RefDraft {
  readonly kind: ResourceKind;
  readonly arn: string;
  readonly deleted?: boolean;
  /** IAM ARNs carry no region. */
  readonly global?: boolean;
}

/** Refs to re-check, or why the call changes nothing the rules read. */
type Handler = (call: ApiCall) => readonly RefDraft[] | string;

/** A field an event of this name always carries is missing: the event is malformed. */
export class MissingFieldError extends Error {
  override name = "MissingFieldError";
}

/** The string at `path` (dot-separated) in `record`, if any. */
function field(record: Readonly<Record<string, unknown>>, path: string): string | undefined {
  let value: unknown = record;
  for (const key of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** The first of `paths` present in the request or response (`request.x` / `response.x`). */
function need(call: ApiCall, ...paths: string[]): string {
  for (const path of paths) {
    const [side, ...rest] = path.split(".");
    const value = field(side === "response" ? call.response : call.request, rest.join("."));
    if (value !== undefined) return value;
  }
  const named = paths.map((p) =>
    p.replace(/^request\./, "requestParameters.").replace(/^response\./, "responseElements."),
  );
  throw new MissingFieldError(`${call.service}:${call.name} without ${named.join(" or ")}`);
}

function arnPrefix(call: ApiCall, service: string, account = call.account): string {
  return `arn:${partitionOf(call.region)}:${service}:${call.region}:${account}`;
}

/** Lambda accepts a name, a partial ARN (`123456789012:function:name`) or an ARN, each optionally qualified. */
function functionArn(call: ApiCall, nameOrArn: string): string {
  if (nameOrArn.startsWith("arn:")) return unqualifiedFunctionArn(nameOrArn);
  const partial = /^(\d{12}):function:([^:]+)/.exec(nameOrArn);
  if (partial) return `${arnPrefix(call, "lambda", partial[1])}:function:${partial[2]}`;
  return `${arnPrefix(call, "lambda")}:function:${nameOrArn.split(":")[0]}`;
}

const lambdaFunction =
  (deleted = false): Handler =>
  (call) => {
    const arn = functionArn(call, need(call, "response.functionArn", "request.functionName"));
    // Deleting a version or alias leaves the function itself in place.
    const wholeFunction = deleted && field(call.request, "qualifier") === undefined;
    return [{ kind: "lambda.function", arn, ...(wholeFunction && { deleted: true }) }];
  };

/** CloudTrail spells the mapping id `uUID` (its camel-casing of `UUID`). */
const eventSourceMapping =
  (deleted = false): Handler =>
  (call) => {
    const uuid = need(call, "response.uUID", "request.uUID", "response.UUID", "request.UUID", "request.uuid");
    const mappingArn =
      field(call.response, "eventSourceMappingArn") ?? `${arnPrefix(call, "lambda")}:event-source-mapping:${uuid}`;
    const fn = field(call.response, "functionArn") ?? field(call.request, "functionName");
    return [
      { kind: "lambda.event-source-mapping", arn: mappingArn, ...(deleted && { deleted: true }) },
      // The function's trigger-dependent findings (SQS visibility, loops) change with its mappings.
      ...(fn ? [{ kind: "lambda.function" as const, arn: functionArn(call, fn) }] : []),
    ];
  };

const iamRole =
  (deleted = false): Handler =>
  (call) => {
    const arn =
      field(call.response, "role.arn") ??
      // Only CreateRole answers with the ARN; the path is unknown here and the live reader reads by name.
      `arn:${partitionOf(call.region)}:iam::${call.account}:role/${need(call, "request.roleName")}`;
    return [{ kind: "iam.role", arn, global: true, ...(deleted && { deleted: true }) }];
  };

const iamPolicy =
  (deleted = false): Handler =>
  (call) => [
    {
      kind: "iam.managed-policy",
      arn: need(call, "response.policy.arn", "request.policyArn"),
      global: true,
      ...(deleted && { deleted: true }),
    },
  ];

function apiGatewayArn(call: ApiCall, path: string): string {
  return `arn:${partitionOf(call.region)}:apigateway:${call.region}::${path}`;
}

/** REST (`restApiId`) and HTTP/WebSocket (`apiId`) APIs share the event source and some event names. */
function apiOf(call: ApiCall, idPaths: { rest?: string[]; http?: string[] } = {}): RefDraft {
  const restId = field(call.request, "restApiId");
  if (restId || idPaths.rest?.some((p) => field(call.response, p))) {
    const id = restId ?? need(call, ...(idPaths.rest ?? []).map((p) => `response.${p}`));
    return { kind: "apigateway.rest-api", arn: apiGatewayArn(call, `/restapis/${id}`) };
  }
  const id = need(call, "request.apiId", ...(idPaths.http ?? []).map((p) => `response.${p}`));
  return { kind: "apigatewayv2.api", arn: apiGatewayArn(call, `/apis/${id}`) };
}

const api =
  (deleted = false): Handler =>
  (call) => [{ ...apiOf(call, { rest: ["id"], http: ["apiId"] }), ...(deleted && { deleted: true }) }];

const stage =
  (deleted = false): Handler =>
  (call) => {
    const parent = apiOf(call);
    const name = need(call, "request.stageName", "request.createStageInput.stageName", "response.stageName");
    const kind = parent.kind === "apigateway.rest-api" ? "apigateway.stage" : "apigatewayv2.stage";
    return [{ kind, arn: `${parent.arn}/stages/${name}`, ...(deleted && { deleted: true }) }];
  };

/** REST methods carry the settings; an integration change moves the method's target function. */
const method =
  (deleted = false): Handler =>
  (call) => {
    const parent = apiOf(call);
    if (parent.kind !== "apigateway.rest-api") return [parent];
    const path = `/resources/${need(call, "request.resourceId")}/methods/${need(call, "request.httpMethod")}`;
    return [{ kind: "apigateway.method", arn: `${parent.arn}${path}`, ...(deleted && { deleted: true }) }];
  };

const route =
  (deleted = false): Handler =>
  (call) => {
    const parent = apiOf(call);
    const id = need(call, "request.routeId", "response.routeId");
    return [{ kind: "apigatewayv2.route", arn: `${parent.arn}/routes/${id}`, ...(deleted && { deleted: true }) }];
  };

const usagePlan =
  (deleted = false): Handler =>
  (call) => {
    const id = need(call, "request.usagePlanId", "response.id");
    return [
      {
        kind: "apigateway.usage-plan",
        arn: apiGatewayArn(call, `/usageplans/${id}`),
        ...(deleted && { deleted: true }),
      },
    ];
  };

const bucket =
  (deleted = false): Handler =>
  (call) => [
    {
      kind: "s3.bucket",
      arn: `arn:${partitionOf(call.region)}:s3:::${need(call, "request.bucketName")}`,
      ...(deleted && { deleted: true }),
    },
  ];

/** `https://sqs.<region>.amazonaws.com/<account>/<name>` (or the legacy `queue.amazonaws.com` hosts) → ARN. */
function queueArn(call: ApiCall, queueUrl: string): string {
  const [account, name] = queueUrl.replace(/^[a-z]+:\/\/[^/]+\//, "").split("/");
  if (!account || !name) throw new MissingFieldError(`sqs:${call.name}: not a queue URL: ${queueUrl}`);
  return `${arnPrefix(call, "sqs", account)}:${name}`;
}

const queue =
  (deleted = false): Handler =>
  (call) => {
    const url = field(call.request, "queueUrl") ?? field(call.response, "queueUrl");
    const arn = url ? queueArn(call, url) : `${arnPrefix(call, "sqs")}:${need(call, "request.queueName")}`;
    return [{ kind: "sqs.queue", arn, ...(deleted && { deleted: true }) }];
  };

const topic =
  (deleted = false): Handler =>
  (call) => {
    const subscription = field(call.request, "subscriptionArn");
    const arn =
      field(call.request, "topicArn") ??
      field(call.response, "topicArn") ??
      // A subscription ARN is its topic ARN plus `:<subscription id>`.
      subscription?.slice(0, subscription.lastIndexOf(":")) ??
      `${arnPrefix(call, "sns")}:${need(call, "request.name")}`;
    return [{ kind: "sns.topic", arn, ...(deleted && { deleted: true }) }];
  };

const table =
  (deleted = false): Handler =>
  (call) => {
    const arn =
      field(call.response, "tableDescription.tableArn") ??
      `${arnPrefix(call, "dynamodb")}:table/${need(call, "request.tableName")}`;
    return [{ kind: "dynamodb.table", arn, ...(deleted && { deleted: true }) }];
  };

/** Rules on the default bus are `rule/<name>`, on another bus `rule/<bus>/<name>`; the bus may be given as ARN. */
const eventRule =
  (deleted = false): Handler =>
  (call) => {
    const bus = field(call.request, "eventBusName")?.replace(/^arn:.*:event-bus\//, "");
    const name = need(call, "request.name", "request.rule");
    const arn =
      field(call.response, "ruleArn") ??
      `${arnPrefix(call, "events")}:rule/${bus && bus !== "default" ? `${bus}/` : ""}${name}`;
    return [{ kind: "events.rule", arn, ...(deleted && { deleted: true }) }];
  };

/** A user pool, named by its id in every request after CreateUserPool; its clients' changes re-check the pool. */
const userPool =
  (deleted = false): Handler =>
  (call) => {
    const arn =
      field(call.response, "userPool.arn") ??
      `${arnPrefix(call, "cognito-idp")}:userpool/${need(call, "request.userPoolId", "response.userPool.id")}`;
    return [{ kind: "cognito.user-pool", arn, ...(deleted && { deleted: true }) }];
  };

/** Handlers that never name a resource: their events need not be captured at all. */
const IGNORING = new WeakSet<Handler>();

function ignore(why: string): Handler {
  const handler: Handler = () => why;
  IGNORING.add(handler);
  return handler;
}

/** Handlers by service, then by event name (Lambda's version suffixes stripped). */
const HANDLERS: Readonly<Record<string, Readonly<Record<string, Handler>>>> = {
  lambda: {
    CreateFunction: lambdaFunction(),
    UpdateFunctionConfiguration: lambdaFunction(),
    UpdateFunctionCode: lambdaFunction(),
    DeleteFunction: lambdaFunction(true),
    AddPermission: lambdaFunction(),
    RemovePermission: lambdaFunction(),
    CreateFunctionUrlConfig: lambdaFunction(),
    UpdateFunctionUrlConfig: lambdaFunction(),
    DeleteFunctionUrlConfig: lambdaFunction(),
    PutFunctionConcurrency: lambdaFunction(),
    DeleteFunctionConcurrency: lambdaFunction(),
    PutFunctionRecursionConfig: lambdaFunction(),
    PutFunctionEventInvokeConfig: lambdaFunction(),
    UpdateFunctionEventInvokeConfig: lambdaFunction(),
    DeleteFunctionEventInvokeConfig: lambdaFunction(),
    PutFunctionCodeSigningConfig: lambdaFunction(),
    DeleteFunctionCodeSigningConfig: lambdaFunction(),
    CreateEventSourceMapping: eventSourceMapping(),
    UpdateEventSourceMapping: eventSourceMapping(),
    DeleteEventSourceMapping: eventSourceMapping(true),
    PublishLayerVersion: ignore("a new layer version changes no function until UpdateFunctionConfiguration uses it"),
  },
  iam: {
    CreateRole: iamRole(),
    UpdateRole: iamRole(),
    TagRole: iamRole(),
    UntagRole: iamRole(),
    // What depends on a role or policy (its functions, its roles) is re-checked as its dependants, derived from
    // the rules' declared context: an event names only the resource it changed.
    DeleteRole: iamRole(true),
    PutRolePolicy: iamRole(),
    DeleteRolePolicy: iamRole(),
    AttachRolePolicy: iamRole(),
    DetachRolePolicy: iamRole(),
    UpdateAssumeRolePolicy: iamRole(),
    PutRolePermissionsBoundary: iamRole(),
    DeleteRolePermissionsBoundary: iamRole(),
    CreatePolicy: iamPolicy(),
    // Only the default version is in force; a new non-default version changes no permission.
    CreatePolicyVersion: (call) =>
      call.request.setAsDefault === false
        ? "a non-default policy version grants nothing until SetDefaultPolicyVersion"
        : iamPolicy()(call),
    SetDefaultPolicyVersion: iamPolicy(),
    DeletePolicyVersion: ignore("the default version cannot be deleted, so permissions are unchanged"),
    // A policy must be detached from every role before it can be deleted.
    DeletePolicy: iamPolicy(true),
  },
  apigateway: {
    CreateRestApi: api(),
    ImportRestApi: api(),
    PutRestApi: api(),
    UpdateRestApi: api(),
    DeleteRestApi: api(true),
    CreateApi: api(),
    ImportApi: api(),
    ReimportApi: api(),
    UpdateApi: api(),
    DeleteApi: api(true),
    CreateDeployment: api(),
    CreateResource: api(),
    UpdateResource: api(),
    DeleteResource: api(),
    CreateAuthorizer: api(),
    UpdateAuthorizer: api(),
    DeleteAuthorizer: api(),
    CreateRequestValidator: api(),
    UpdateRequestValidator: api(),
    DeleteRequestValidator: api(),
    CreateIntegration: api(),
    UpdateIntegration: method(),
    PutIntegration: method(),
    DeleteIntegration: method(),
    CreateStage: stage(),
    UpdateStage: stage(),
    DeleteStage: stage(true),
    PutMethod: method(),
    UpdateMethod: method(),
    DeleteMethod: method(true),
    CreateRoute: route(),
    UpdateRoute: route(),
    DeleteRoute: route(true),
    CreateUsagePlan: usagePlan(),
    UpdateUsagePlan: usagePlan(),
    DeleteUsagePlan: usagePlan(true),
  },
  s3: {
    CreateBucket: bucket(),
    DeleteBucket: bucket(true),
    PutBucketPolicy: bucket(),
    DeleteBucketPolicy: bucket(),
    PutBucketPublicAccessBlock: bucket(),
    DeleteBucketPublicAccessBlock: bucket(),
    // CloudTrail records PutBucketNotificationConfiguration under the older operation name.
    PutBucketNotification: bucket(),
    PutBucketNotificationConfiguration: bucket(),
    PutBucketAcl: bucket(),
    PutBucketVersioning: bucket(),
  },
  sqs: {
    CreateQueue: queue(),
    SetQueueAttributes: queue(),
    AddPermission: queue(),
    RemovePermission: queue(),
    DeleteQueue: queue(true),
  },
  sns: {
    CreateTopic: topic(),
    SetTopicAttributes: topic(),
    Subscribe: topic(),
    Unsubscribe: topic(),
    SetSubscriptionAttributes: topic(),
    AddPermission: topic(),
    RemovePermission: topic(),
    DeleteTopic: topic(true),
  },
  dynamodb: {
    CreateTable: table(),
    UpdateTable: table(),
    UpdateContinuousBackups: table(),
    DeleteTable: table(true),
  },
  events: {
    PutRule: eventRule(),
    PutTargets: eventRule(),
    RemoveTargets: eventRule(),
    EnableRule: eventRule(),
    DisableRule: eventRule(),
    DeleteRule: eventRule(true),
  },
  "cognito-idp": {
    CreateUserPool: userPool(),
    UpdateUserPool: userPool(),
    SetUserPoolMfaConfig: userPool(),
    AddCustomAttributes: userPool(),
    CreateUserPoolClient: userPool(),
    UpdateUserPoolClient: userPool(),
    DeleteUserPoolClient: userPool(),
    DeleteUserPool: userPool(true),
  },
};

/** `UpdateFunctionConfiguration20150331v2` → `UpdateFunctionConfiguration`: Lambda suffixes its API version. */
export function normalizeEventName(eventName: string): string {
  return eventName.replace(/\d{8}(v\d+)?$/, "");
}

/** `lambda.amazonaws.com` → `lambda`. */
export function serviceOf(eventSource: string): string {
  return eventSource.replace(/\.amazonaws\.com(\.cn)?$/, "");
}

/** The refs one successful API call names, or why it names none; throws {@link MissingFieldError} only. */
export function refsForApiCall(call: ApiCall): readonly ResourceRef[] | string {
  const handler = HANDLERS[call.service]?.[call.name];
  if (!handler) {
    return HANDLERS[call.service]
      ? `${call.service}:${call.name} changes nothing Vigil checks`
      : `events from ${call.service} are not watched`;
  }
  const drafts = handler(call);
  if (typeof drafts === "string") return drafts;
  return drafts.map(({ kind, arn, deleted, global }) => ({
    kind,
    arn,
    account: call.account,
    region: global ? "" : call.region,
    reason: `${call.service}:${call.name}`,
    ...(deleted && { deleted: true as const }),
  }));
}

/** Event names, by service, whose calls can name a resource to re-check (what the capture rules subscribe to). */
export function watchedApiCalls(): Readonly<Record<string, readonly string[]>> {
  return Object.fromEntries(
    Object.entries(HANDLERS).map(([service, byName]) => [
      service,
      Object.entries(byName)
        .filter(([, handler]) => !IGNORING.has(handler))
        .map(([name]) => name),
    ]),
  );
}
