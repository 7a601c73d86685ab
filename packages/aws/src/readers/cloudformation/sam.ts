import { expandPolicyTemplate } from "./sam-policies.ts";
import { isRecord, record } from "./values.ts";

type Props = Record<string, unknown>;
interface Resource {
  Type: string;
  Properties?: Props;
  Condition?: string;
  DependsOn?: unknown;
  Metadata?: Props;
}

export interface ExpansionProblem {
  readonly line?: number;
  readonly message: string;
}

export interface ExpandedTemplate {
  readonly template: Record<string, unknown>;
  readonly resourceLines: Map<string, number>;
  readonly problems: ExpansionProblem[];
}

export const SAM_TRANSFORM = "AWS::Serverless-2016-10-31";
const CREATED_BY = { Key: "lambda:createdBy", Value: "SAM" };
const AWS_MANAGED = "arn:aws:iam::aws:policy/";
/** AWS-managed policies under `service-role/`, as the translator's policy map has them. */
const SERVICE_ROLE_POLICIES = new Set([
  "AWSLambdaBasicExecutionRole",
  "AWSLambdaVPCAccessExecutionRole",
  "AWSLambdaSQSQueueExecutionRole",
  "AWSLambdaDynamoDBExecutionRole",
  "AWSLambdaKinesisExecutionRole",
  "AWSLambdaMSKExecutionRole",
  "AWSLambdaRole",
]);
/** Lambda properties a SAM function passes through unchanged. */
const PASSTHROUGH = [
  "Architectures",
  "CodeSigningConfigArn",
  "Description",
  "Environment",
  "EphemeralStorage",
  "FileSystemConfigs",
  "FunctionName",
  "Handler",
  "ImageConfig",
  "KmsKeyArn",
  "Layers",
  "LoggingConfig",
  "MemorySize",
  "PackageType",
  "RecursiveLoop",
  "ReservedConcurrentExecutions",
  "Runtime",
  "RuntimeManagementConfig",
  "SnapStart",
  "Timeout",
  "VpcConfig",
];
const EXECUTION_ROLE_BY_EVENT: Readonly<Record<string, string>> = {
  SQS: "AWSLambdaSQSQueueExecutionRole",
  DynamoDB: "AWSLambdaDynamoDBExecutionRole",
  Kinesis: "AWSLambdaKinesisExecutionRole",
};

export function isServerlessTemplate(template: Record<string, unknown>): boolean {
  const transform = template.Transform;
  return transform === SAM_TRANSFORM || (Array.isArray(transform) && transform.includes(SAM_TRANSFORM));
}

export function managedPolicyArn(name: string): string {
  return `${AWS_MANAGED}${SERVICE_ROLE_POLICIES.has(name) ? "service-role/" : ""}${name}`;
}

/** SAM's Globals merge: maps merge, lists append, scalars from the resource win. */
function mergeGlobals(global: unknown, local: unknown): unknown {
  if (local === undefined) return global;
  if (isRecord(global) && isRecord(local) && !isIntrinsic(local)) {
    const merged: Props = { ...global };
    for (const [key, value] of Object.entries(local)) merged[key] = mergeGlobals(global[key], value);
    return merged;
  }
  if (Array.isArray(global) && Array.isArray(local)) return [...global, ...local];
  return local;
}

function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || keys[0]!.startsWith("Fn::"));
}

const ref = (logicalId: string) => ({ Ref: logicalId });
const arnOf = (logicalId: string) => ({ "Fn::GetAtt": [logicalId, "Arn"] });
const pathPattern = (path: string) => path.replace(/\{[^}]+\}/g, "*");

interface ApiRoute {
  readonly path: string;
  readonly method: string;
  readonly functionId: string;
  readonly auth: Props;
}

/**
 * Expands the SAM transform into plain CloudFormation, following the official translator's shapes and logical
 * ids (checked against it in sam.test.ts). New resources carry the line of the SAM resource they come from.
 */
export function expandServerless(
  source: Record<string, unknown>,
  lines: ReadonlyMap<string, number>,
): ExpandedTemplate {
  const globals = record(source.Globals);
  const input = record(source.Resources) as Record<string, Resource>;
  const output: Record<string, Resource> = {};
  const resourceLines = new Map(lines);
  const problems: ExpansionProblem[] = [];
  const restRoutes = new Map<string, ApiRoute[]>();
  const httpRoutes = new Map<string, ApiRoute[]>();
  const implicitApiLines = new Map<string, number>();

  const emit = (logicalId: string, from: string, resource: Resource) => {
    output[logicalId] = resource;
    const line = lines.get(from) ?? implicitApiLines.get(from);
    if (line !== undefined) resourceLines.set(logicalId, line);
  };
  const problem = (from: string, message: string) => {
    const line = lines.get(from);
    problems.push({ ...(line !== undefined && { line }), message: `${from}: ${message}` });
  };
  const withGlobals = (section: string, resource: Resource): Props =>
    record(mergeGlobals(globals[section], resource.Properties ?? {}));
  const conditioned = (resource: Resource, expanded: Resource): Resource =>
    resource.Condition ? { ...expanded, Condition: resource.Condition } : expanded;

  // Functions first: their events add routes to APIs and notifications to buckets.
  for (const [logicalId, resource] of Object.entries(input)) {
    if (resource?.Type === "AWS::Serverless::Function") {
      expandFunction(logicalId, resource, withGlobals("Function", resource));
    }
  }
  for (const [logicalId, resource] of Object.entries(input)) {
    if (!isRecord(resource)) continue;
    switch (resource.Type) {
      case "AWS::Serverless::Function":
        break;
      case "AWS::Serverless::Api":
        expandRestApi(logicalId, withGlobals("Api", resource), resource);
        break;
      case "AWS::Serverless::HttpApi":
        expandHttpApi(logicalId, withGlobals("HttpApi", resource), resource);
        break;
      case "AWS::Serverless::SimpleTable":
        emit(logicalId, logicalId, conditioned(resource, simpleTable(withGlobals("SimpleTable", resource))));
        break;
      default:
        output[logicalId] ??= resource;
    }
  }
  if (restRoutes.has("ServerlessRestApi") && !input.ServerlessRestApi) {
    expandRestApi("ServerlessRestApi", record(globals.Api), { Type: "AWS::Serverless::Api" }, true);
  }
  if (httpRoutes.has("ServerlessHttpApi") && !input.ServerlessHttpApi) {
    expandHttpApi("ServerlessHttpApi", record(globals.HttpApi), { Type: "AWS::Serverless::HttpApi" });
  }
  const { Globals: _globals, Transform: _transform, ...rest } = source;
  return { template: { ...rest, Resources: output }, resourceLines, problems };

  function expandFunction(fnId: string, resource: Resource, p: Props) {
    const roleId = `${fnId}Role`;
    const managed: unknown[] = [managedPolicyArn("AWSLambdaBasicExecutionRole")];
    const inline: Props[] = [];
    const addManaged = (arn: unknown) => {
      if (!managed.some((m) => JSON.stringify(m) === JSON.stringify(arn))) managed.push(arn);
    };
    if (p.Tracing === "Active") addManaged(managedPolicyArn("AWSXrayWriteOnlyAccess"));
    if (p.VpcConfig !== undefined) addManaged(managedPolicyArn("AWSLambdaVPCAccessExecutionRole"));

    const fn: Props = { Code: functionCode(p) };
    for (const key of PASSTHROUGH) if (p[key] !== undefined) fn[key] = p[key];
    fn.Role = p.Role ?? arnOf(roleId);
    fn.Tags = [CREATED_BY, ...Object.entries(record(p.Tags)).map(([Key, Value]) => ({ Key, Value }))];
    if (typeof p.Tracing === "string") fn.TracingConfig = { Mode: p.Tracing };
    const dlq = record(p.DeadLetterQueue);
    if (dlq.TargetArn !== undefined) {
      fn.DeadLetterConfig = { TargetArn: dlq.TargetArn };
      inline.push({
        PolicyName: "DeadLetterQueuePolicy",
        PolicyDocument: {
          Version: "2012-10-17",
          Statement: [
            {
              Action: dlq.Type === "SNS" ? "sns:Publish" : "sqs:SendMessage",
              Resource: dlq.TargetArn,
              Effect: "Allow",
            },
          ],
        },
      });
    }
    emit(fnId, fnId, conditioned(resource, { Type: "AWS::Lambda::Function", Properties: fn }));

    const policies = p.Policies === undefined ? [] : Array.isArray(p.Policies) ? p.Policies : [p.Policies];
    policies.forEach((policy, i) => {
      const name = `${roleId}Policy${i}`;
      if (typeof policy === "string") addManaged(policy.startsWith("arn:") ? policy : managedPolicyArn(policy));
      else if (isIntrinsic(policy)) addManaged(policy);
      else if (isRecord(policy) && policy.Statement !== undefined)
        inline.push({ PolicyName: name, PolicyDocument: policy });
      else if (isRecord(policy) && Object.keys(policy).length === 1) {
        const [templateName, parameters] = Object.entries(policy)[0]!;
        const expanded = expandPolicyTemplate(templateName, parameters);
        if ("error" in expanded) problem(fnId, `${expanded.error}; the role lacks this policy in the model`);
        else inline.push({ PolicyName: name, PolicyDocument: expanded.document });
      } else problem(fnId, `Policies[${i}] is not a policy name, document or template`);
    });

    const invokeConfig = record(p.EventInvokeConfig);
    if (Object.keys(invokeConfig).length > 0) expandEventInvokeConfig(fnId, invokeConfig, inline, resource);
    const urlConfig = record(p.FunctionUrlConfig);
    if (Object.keys(urlConfig).length > 0) expandFunctionUrl(fnId, urlConfig, resource);

    for (const [eventId, event] of Object.entries(record(p.Events))) {
      const type = String(record(event).Type);
      const executionRole = EXECUTION_ROLE_BY_EVENT[type];
      if (executionRole) addManaged(managedPolicyArn(executionRole));
      expandEvent(fnId, eventId, type, record(record(event).Properties), resource);
    }

    if (p.Role === undefined) {
      emit(
        roleId,
        fnId,
        conditioned(resource, {
          Type: "AWS::IAM::Role",
          Properties: {
            AssumeRolePolicyDocument: {
              Version: "2012-10-17",
              Statement: [
                { Action: ["sts:AssumeRole"], Effect: "Allow", Principal: { Service: ["lambda.amazonaws.com"] } },
              ],
            },
            ManagedPolicyArns: managed,
            ...(inline.length > 0 && { Policies: inline }),
            ...(p.PermissionsBoundary !== undefined && { PermissionsBoundary: p.PermissionsBoundary }),
            Tags: [CREATED_BY],
          },
        }),
      );
    }
  }

  function permission(fnId: string, id: string, resource: Resource, properties: Props) {
    emit(
      id,
      fnId,
      conditioned(resource, {
        Type: "AWS::Lambda::Permission",
        Properties: { Action: "lambda:InvokeFunction", FunctionName: ref(fnId), ...properties },
      }),
    );
  }

  function expandFunctionUrl(fnId: string, config: Props, resource: Resource) {
    emit(
      `${fnId}Url`,
      fnId,
      conditioned(resource, { Type: "AWS::Lambda::Url", Properties: { TargetFunctionArn: ref(fnId), ...config } }),
    );
    if (config.AuthType !== "NONE") return;
    permission(fnId, `${fnId}UrlPublicPermissions`, resource, {
      Action: "lambda:InvokeFunctionUrl",
      Principal: "*",
      FunctionUrlAuthType: "NONE",
    });
    permission(fnId, `${fnId}URLInvokeAllowPublicAccess`, resource, { Principal: "*", InvokedViaFunctionUrl: true });
  }

  function expandEventInvokeConfig(fnId: string, config: Props, inline: Props[], resource: Resource) {
    const destinations = record(config.DestinationConfig);
    const destinationConfig: Props = {};
    for (const outcome of ["OnSuccess", "OnFailure"]) {
      const target = record(destinations[outcome]);
      if (target.Destination === undefined) continue;
      destinationConfig[outcome] = { Destination: target.Destination };
      const action = {
        SQS: "sqs:SendMessage",
        SNS: "sns:publish",
        Lambda: "lambda:InvokeFunction",
        EventBridge: "events:PutEvents",
      }[String(target.Type)];
      if (action) {
        inline.push({
          PolicyName: `${fnId}EventInvokeConfig${outcome}${String(target.Type)}Policy`,
          PolicyDocument: {
            Version: "2012-10-17",
            Statement: [{ Action: action, Resource: target.Destination, Effect: "Allow" }],
          },
        });
      }
    }
    emit(
      `${fnId}EventInvokeConfig`,
      fnId,
      conditioned(resource, {
        Type: "AWS::Lambda::EventInvokeConfig",
        Properties: {
          FunctionName: ref(fnId),
          Qualifier: "$LATEST",
          ...(config.MaximumRetryAttempts !== undefined && { MaximumRetryAttempts: config.MaximumRetryAttempts }),
          ...(config.MaximumEventAgeInSeconds !== undefined && {
            MaximumEventAgeInSeconds: config.MaximumEventAgeInSeconds,
          }),
          ...(Object.keys(destinationConfig).length > 0 && { DestinationConfig: destinationConfig }),
        },
      }),
    );
  }

  function expandEvent(fnId: string, eventId: string, type: string, e: Props, resource: Resource) {
    const id = `${fnId}${eventId}`;
    const pick = (...keys: string[]) =>
      Object.fromEntries(keys.filter((k) => e[k] !== undefined).map((k) => [k, e[k]]));
    switch (type) {
      case "Api":
      case "HttpApi": {
        const rest = type === "Api";
        const apiId = referenced(rest ? e.RestApiId : e.ApiId) ?? (rest ? "ServerlessRestApi" : "ServerlessHttpApi");
        if (!input[apiId]) implicitApiLines.set(apiId, implicitApiLines.get(apiId) ?? lines.get(fnId) ?? 0);
        const path = typeof e.Path === "string" ? e.Path : "$default";
        const method = typeof e.Method === "string" ? e.Method.toLowerCase() : "x-amazon-apigateway-any-method";
        const routes = rest ? restRoutes : httpRoutes;
        routes.set(apiId, [...(routes.get(apiId) ?? []), { path, method, functionId: fnId, auth: record(e.Auth) }]);
        const verb = method === "x-amazon-apigateway-any-method" || method === "any" ? "*" : method.toUpperCase();
        const stage = rest ? String(record(input[apiId]?.Properties).StageName ?? "Prod") : "";
        permission(fnId, `${id}Permission${stage}`, resource, {
          Principal: "apigateway.amazonaws.com",
          SourceArn: {
            "Fn::Sub": [
              `arn:\${AWS::Partition}:execute-api:\${AWS::Region}:\${AWS::AccountId}:\${__ApiId__}/\${__Stage__}/${verb}${
                path === "$default" ? "" : pathPattern(path)
              }`,
              { __ApiId__: ref(apiId), __Stage__: "*" },
            ],
          },
        });
        return;
      }
      case "S3": {
        const bucketId = referenced(e.Bucket);
        const bucket = bucketId ? input[bucketId] : undefined;
        if (!bucketId || bucket?.Type !== "AWS::S3::Bucket") {
          problem(fnId, `event ${eventId}: S3 events need a bucket declared in the same template`);
          return;
        }
        const events = Array.isArray(e.Events) ? e.Events : [e.Events];
        const properties = record(bucket.Properties);
        const notification = record(properties.NotificationConfiguration);
        const configurations = Array.isArray(notification.LambdaConfigurations)
          ? notification.LambdaConfigurations
          : [];
        bucket.Properties = {
          ...properties,
          NotificationConfiguration: {
            ...notification,
            LambdaConfigurations: [
              ...configurations,
              ...events.map((Event) => ({
                Event,
                Function: arnOf(fnId),
                ...(e.Filter !== undefined && { Filter: e.Filter }),
              })),
            ],
          },
        };
        permission(fnId, `${id}Permission`, resource, {
          Principal: "s3.amazonaws.com",
          SourceAccount: ref("AWS::AccountId"),
        });
        return;
      }
      case "SQS":
      case "DynamoDB":
      case "Kinesis": {
        const onFailure = record(record(e.DestinationConfig).OnFailure);
        emit(
          id,
          fnId,
          conditioned(resource, {
            Type: "AWS::Lambda::EventSourceMapping",
            Properties: {
              ...pick(
                "BatchSize",
                "Enabled",
                "StartingPosition",
                "MaximumRetryAttempts",
                "BisectBatchOnFunctionError",
                "MaximumRecordAgeInSeconds",
                "MaximumBatchingWindowInSeconds",
                "ParallelizationFactor",
                "FunctionResponseTypes",
                "ScalingConfig",
                "FilterCriteria",
              ),
              EventSourceArn: type === "SQS" ? e.Queue : e.Stream,
              FunctionName: ref(fnId),
              ...(onFailure.Destination !== undefined && {
                DestinationConfig: { OnFailure: { Destination: onFailure.Destination } },
              }),
            },
          }),
        );
        return;
      }
      case "SNS":
        emit(
          id,
          fnId,
          conditioned(resource, {
            Type: "AWS::SNS::Subscription",
            Properties: {
              Endpoint: arnOf(fnId),
              Protocol: "lambda",
              TopicArn: e.Topic,
              ...pick("FilterPolicy", "FilterPolicyScope", "Region", "RedrivePolicy"),
            },
          }),
        );
        permission(fnId, `${id}Permission`, resource, { Principal: "sns.amazonaws.com", SourceArn: e.Topic });
        return;
      case "Schedule":
      case "EventBridgeRule":
      case "CloudWatchEvent": {
        const target: Props = {
          Arn: arnOf(fnId),
          Id: `${id}LambdaTarget`,
          ...pick("Input", "InputPath", "RetryPolicy"),
        };
        const deadLetter = record(e.DeadLetterConfig);
        if (deadLetter.Arn !== undefined) target.DeadLetterConfig = { Arn: deadLetter.Arn };
        const state = e.State ?? (e.Enabled === false ? "DISABLED" : e.Enabled === true ? "ENABLED" : undefined);
        emit(
          id,
          fnId,
          conditioned(resource, {
            Type: "AWS::Events::Rule",
            Properties: {
              ...(type === "Schedule" ? { ScheduleExpression: e.Schedule } : { EventPattern: e.Pattern }),
              ...(e.EventBusName !== undefined && { EventBusName: e.EventBusName }),
              ...(e.Name !== undefined && { Name: e.Name }),
              ...(state !== undefined && { State: state }),
              Targets: [target],
            },
          }),
        );
        permission(fnId, `${id}Permission`, resource, { Principal: "events.amazonaws.com", SourceArn: arnOf(id) });
        return;
      }
      default:
        problem(
          fnId,
          `event ${eventId}: SAM event type ${type} is not expanded; its trigger is missing from the model`,
        );
    }
  }

  function expandRestApi(apiId: string, p: Props, resource: Resource, implicit = false) {
    const stageName = p.StageName ?? (implicit ? "Prod" : undefined);
    const auth = record(p.Auth);
    const routed = isRecord(p.DefinitionBody) ? p.DefinitionBody : restBody(restRoutes.get(apiId) ?? [], auth);
    const body = p.Cors === undefined ? routed : withCorsPreflight(routed, p.Cors, auth);
    const endpoint = p.EndpointConfiguration;
    emit(
      apiId,
      apiId,
      conditioned(resource, {
        Type: "AWS::ApiGateway::RestApi",
        Properties: {
          Body: body,
          ...(p.Name !== undefined && { Name: p.Name }),
          ...(endpoint !== undefined && {
            EndpointConfiguration:
              typeof endpoint === "string" ? { Types: [endpoint] } : { Types: [record(endpoint).Type] },
          }),
          ...(p.DisableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint }),
        },
      }),
    );
    const deploymentId = `${apiId}Deployment`;
    emit(deploymentId, apiId, {
      Type: "AWS::ApiGateway::Deployment",
      Properties: { RestApiId: ref(apiId), StageName: "Stage" },
    });
    if (stageName === undefined) return;
    emit(
      `${apiId}${String(stageName)}Stage`,
      apiId,
      conditioned(resource, {
        Type: "AWS::ApiGateway::Stage",
        Properties: {
          DeploymentId: ref(deploymentId),
          RestApiId: ref(apiId),
          StageName: stageName,
          ...Object.fromEntries(
            ["TracingEnabled", "MethodSettings", "AccessLogSetting", "Variables", "CacheClusterEnabled"]
              .filter((k) => p[k] !== undefined)
              .map((k) => [k, p[k]]),
          ),
        },
      }),
    );
  }

  function expandHttpApi(apiId: string, p: Props, resource: Resource) {
    const auth = record(p.Auth);
    const body = isRecord(p.DefinitionBody) ? p.DefinitionBody : httpBody(httpRoutes.get(apiId) ?? [], auth);
    emit(
      apiId,
      apiId,
      conditioned(resource, {
        Type: "AWS::ApiGatewayV2::Api",
        Properties: {
          Body: body,
          ...(p.CorsConfiguration !== undefined && { CorsConfiguration: p.CorsConfiguration }),
          ...(p.DisableExecuteApiEndpoint !== undefined && { DisableExecuteApiEndpoint: p.DisableExecuteApiEndpoint }),
        },
      }),
    );
    const stageName = p.StageName ?? "$default";
    emit(
      stageName === "$default" ? `${apiId}ApiGatewayDefaultStage` : `${apiId}${String(stageName)}Stage`,
      apiId,
      conditioned(resource, {
        Type: "AWS::ApiGatewayV2::Stage",
        Properties: {
          ApiId: ref(apiId),
          StageName: stageName,
          Tags: { "httpapi:createdBy": "SAM" },
          AutoDeploy: true,
          ...(p.DefaultRouteSettings !== undefined && { DefaultRouteSettings: p.DefaultRouteSettings }),
          ...(p.RouteSettings !== undefined && { RouteSettings: p.RouteSettings }),
          ...(p.AccessLogSettings !== undefined && { AccessLogSettings: p.AccessLogSettings }),
          ...(p.StageVariables !== undefined && { StageVariables: p.StageVariables }),
        },
      }),
    );
  }
}

function referenced(value: unknown): string | undefined {
  return typeof record(value).Ref === "string" ? (record(value).Ref as string) : undefined;
}

function functionCode(p: Props): Props {
  if (p.ImageUri !== undefined) return { ImageUri: p.ImageUri };
  if (p.InlineCode !== undefined) return { ZipFile: p.InlineCode };
  const uri = p.CodeUri;
  if (typeof uri === "string") {
    const match = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    return match ? { S3Bucket: match[1], S3Key: match[2] } : { S3Bucket: "local", S3Key: uri };
  }
  const location = record(uri);
  return { S3Bucket: location.Bucket, S3Key: location.Key };
}

function simpleTable(p: Props): Resource {
  const key = record(p.PrimaryKey);
  const name = key.Name ?? "id";
  const type = { String: "S", Number: "N", Binary: "B" }[String(key.Type ?? "String")] ?? "S";
  return {
    Type: "AWS::DynamoDB::Table",
    Properties: {
      AttributeDefinitions: [{ AttributeName: name, AttributeType: type }],
      KeySchema: [{ AttributeName: name, KeyType: "HASH" }],
      ...(p.ProvisionedThroughput !== undefined
        ? { ProvisionedThroughput: p.ProvisionedThroughput }
        : { BillingMode: "PAY_PER_REQUEST" }),
      ...(p.TableName !== undefined && { TableName: p.TableName }),
      ...(p.SSESpecification !== undefined && { SSESpecification: p.SSESpecification }),
      ...(p.Tags !== undefined && { Tags: Object.entries(record(p.Tags)).map(([Key, Value]) => ({ Key, Value })) }),
    },
  };
}

/**
 * SAM's `Cors` on an API: an OPTIONS method on every path that has none, a MOCK integration whose response sets the
 * CORS headers — `Cors` itself (a quoted origin, `"'*'"`) or its `AllowOrigin`, as SAM writes them — and, as the
 * translator does unless `AddDefaultAuthorizerToCorsPreflight` is false, the API's default authorizer.
 */
function withCorsPreflight(body: Props, cors: unknown, auth: Props): Props {
  const settings = isRecord(cors) ? cors : { AllowOrigin: cors };
  const authorizer = auth.DefaultAuthorizer;
  const header = (name: string) => `method.response.header.Access-Control-Allow-${name}`;
  const responseParameters = {
    [header("Origin")]: settings.AllowOrigin,
    ...(settings.AllowMethods !== undefined && { [header("Methods")]: settings.AllowMethods }),
    ...(settings.AllowHeaders !== undefined && { [header("Headers")]: settings.AllowHeaders }),
    ...(settings.AllowCredentials === true && { [header("Credentials")]: "'true'" }),
  };
  const preflight = {
    "x-amazon-apigateway-integration": {
      type: "mock",
      requestTemplates: { "application/json": '{"statusCode": 200}' },
      responses: { default: { statusCode: "200", responseParameters } },
    },
    responses: { "200": { description: "Default response for CORS method" } },
    ...(typeof authorizer === "string" &&
      authorizer !== "NONE" &&
      auth.AddDefaultAuthorizerToCorsPreflight !== false && { security: [{ [authorizer]: [] }] }),
  };
  const paths = Object.fromEntries(
    Object.entries(record(body.paths)).map(([path, item]) => [path, { options: preflight, ...record(item) }]),
  );
  return { ...body, paths };
}

/** The authorizer an event's route ends up with: its own `Auth.Authorizer`, else the API's default. */
function routeAuthorizer(route: ApiRoute, apiAuth: Props): string | undefined {
  const chosen = route.auth.Authorizer ?? apiAuth.DefaultAuthorizer;
  return typeof chosen === "string" && chosen !== "NONE" ? chosen : undefined;
}

function restBody(routes: readonly ApiRoute[], auth: Props): Props {
  const schemes: Props = {};
  const paths: Record<string, Props> = {};
  const authorizers = record(auth.Authorizers);
  for (const route of routes) {
    const authorizer = routeAuthorizer(route, auth);
    const security: Props[] = [];
    if (authorizer === "AWS_IAM") {
      schemes.AWS_IAM = {
        in: "header",
        type: "apiKey",
        name: "Authorization",
        "x-amazon-apigateway-authtype": "awsSigv4",
      };
      security.push({ AWS_IAM: [] });
    } else if (authorizer) {
      const definition = record(authorizers[authorizer]);
      schemes[authorizer] =
        definition.UserPoolArn !== undefined
          ? {
              type: "apiKey",
              name: "Authorization",
              in: "header",
              "x-amazon-apigateway-authtype": "cognito_user_pools",
              "x-amazon-apigateway-authorizer": {
                type: "cognito_user_pools",
                providerARNs: [definition.UserPoolArn].flat(),
              },
            }
          : {
              type: "apiKey",
              name: "Authorization",
              in: "header",
              "x-amazon-apigateway-authtype": "custom",
              "x-amazon-apigateway-authorizer": { type: "token", authorizerUri: definition.FunctionArn },
            };
      security.push({ [authorizer]: [] });
    }
    if (route.auth.ApiKeyRequired === true || (auth.ApiKeyRequired === true && route.auth.ApiKeyRequired !== false)) {
      schemes.api_key = { type: "apiKey", name: "x-api-key", in: "header" };
      security.push({ api_key: [] });
    }
    paths[route.path] = {
      ...paths[route.path],
      [route.method === "any" ? "x-amazon-apigateway-any-method" : route.method]: {
        "x-amazon-apigateway-integration": {
          httpMethod: "POST",
          type: "aws_proxy",
          uri: {
            "Fn::Sub": `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${route.functionId}.Arn}/invocations`,
          },
        },
        ...(security.length > 0 && { security }),
        responses: {},
      },
    };
  }
  return {
    swagger: "2.0",
    info: { version: "1.0", title: { Ref: "AWS::StackName" } },
    paths,
    ...(Object.keys(schemes).length > 0 && { securityDefinitions: schemes }),
  };
}

function httpBody(routes: readonly ApiRoute[], auth: Props): Props {
  const schemes: Props = {};
  const paths: Record<string, Props> = {};
  const authorizers = record(auth.Authorizers);
  for (const route of routes) {
    const authorizer = routeAuthorizer(route, auth);
    const security: Props[] = [];
    if (authorizer === "AWS_IAM") {
      schemes.AWS_IAM = {
        type: "apiKey",
        name: "Authorization",
        in: "header",
        "x-amazon-apigateway-authtype": "awsSigv4",
      };
      security.push({ AWS_IAM: [] });
    } else if (authorizer) {
      const definition = record(authorizers[authorizer]);
      schemes[authorizer] =
        definition.FunctionArn !== undefined
          ? {
              type: "apiKey",
              name: "Authorization",
              in: "header",
              "x-amazon-apigateway-authorizer": { type: "request", authorizerUri: definition.FunctionArn },
            }
          : {
              type: "oauth2",
              "x-amazon-apigateway-authorizer": {
                type: "jwt",
                jwtConfiguration: definition.JwtConfiguration,
                identitySource: definition.IdentitySource,
              },
            };
      security.push({ [authorizer]: [] });
    }
    paths[route.path] = {
      ...paths[route.path],
      [route.method === "any" ? "x-amazon-apigateway-any-method" : route.method]: {
        "x-amazon-apigateway-integration": {
          httpMethod: "POST",
          type: "aws_proxy",
          uri: {
            "Fn::Sub": `arn:\${AWS::Partition}:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${${route.functionId}.Arn}/invocations`,
          },
          payloadFormatVersion: "2.0",
        },
        ...(security.length > 0 && { security }),
        responses: {},
      },
    };
  }
  return {
    openapi: "3.0.1",
    info: { version: "1.0", title: { Ref: "AWS::StackName" } },
    paths,
    ...(Object.keys(schemes).length > 0 && { components: { securitySchemes: schemes } }),
  };
}
