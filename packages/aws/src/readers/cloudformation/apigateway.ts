/** API Gateway REST and HTTP APIs: methods and routes (from resources or an OpenAPI body), stages, usage plans. */
import {
  type HttpApi,
  type HttpApiRoute,
  type HttpApiStage,
  type HttpAuthorization,
  isUnknown,
  type MethodSetting,
  type RestApi,
  type RestApiMethod,
  type RestApiStage,
  type RestAuthorization,
  type ThrottleSettings,
  type UsagePlan,
  unknown,
  unqualifiedFunctionArn,
  type Value,
} from "@vigil/core";
import { referencedLogicalId } from "./intrinsics.ts";
import type { Mutable, Props, TemplateMapper } from "./map.ts";
import { bool, inner, isRecord, list, num, oneOf, record, str, strings, variables, withDefault } from "./values.ts";

export function restApi(m: TemplateMapper, logicalId: string, p: Props) {
  const types = inner(p.EndpointConfiguration, "Types");
  const api: RestApi = {
    ...m.base("apigateway.rest-api", logicalId),
    name: p.Name === undefined ? `\${${logicalId}}` : str(p.Name, "Name"),
    endpointTypes:
      types === undefined
        ? ["EDGE"]
        : isUnknown(types)
          ? types
          : (strings(types, "EndpointConfiguration.Types").filter((t) => typeof t === "string") as string[]),
    policy: p.Policy === undefined ? { statements: [] } : m.policy(logicalId, p.Policy, "Policy"),
    disableExecuteApiEndpoint: withDefault(p.DisableExecuteApiEndpoint, false, bool, "DisableExecuteApiEndpoint"),
    requestValidators: [],
  };
  m.add(logicalId, api);
  if (p.BodyS3Location !== undefined) {
    m.error(logicalId, `${logicalId}: BodyS3Location: the OpenAPI definition is not in the template; methods not read`);
  }
  if (p.Body === undefined) return;
  if (!isRecord(p.Body)) return m.error(logicalId, `${logicalId}: Body cannot be resolved; methods not read`);
  restApiBody(m, logicalId, api, p.Body);
}

export function restApiBody(m: TemplateMapper, logicalId: string, api: RestApi, body: Props) {
  const validators = record(body["x-amazon-apigateway-request-validators"]);
  for (const [id, v] of Object.entries(validators)) {
    const validator = record(v);
    (api.requestValidators as RestApi["requestValidators"][number][]).push({
      id,
      validateBody: withDefault(validator.validateRequestBody, false, bool, "validateRequestBody"),
      validateParameters: withDefault(validator.validateRequestParameters, false, bool, "validateRequestParameters"),
    });
  }
  const schemes = record(body.securityDefinitions ?? record(body.components).securitySchemes);
  const defaultValidator = body["x-amazon-apigateway-request-validator"];
  for (const [path, operations, method, operation] of openApiOperations(body)) {
    const auth = restAuthorization(operation.security ?? body.security, schemes);
    const validator = operation["x-amazon-apigateway-request-validator"] ?? defaultValidator;
    const integration = record(
      operation["x-amazon-apigateway-integration"] ?? operations["x-amazon-apigateway-integration"],
    );
    const functionArn = functionArnOfIntegrationUri(integration.uri);
    const allowOrigin = corsAllowOrigin(integration.responses, "responseParameters");
    const arn = `${api.arn}/resources${path}/methods/${method}`;
    m.add(`${logicalId} ${method} ${path}`, {
      ...m.base("apigateway.method", logicalId, arn),
      name: `${method} ${path}`,
      tags: {},
      restApiArn: api.arn,
      path,
      httpMethod: method,
      authorizationType: auth.type,
      apiKeyRequired: auth.apiKey,
      ...(validator !== undefined && { requestValidatorId: str(validator, "x-amazon-apigateway-request-validator") }),
      ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
      ...(allowOrigin !== undefined && { corsAllowOrigin: allowOrigin }),
    } satisfies RestApiMethod);
  }
}

const ALLOW_ORIGIN = "method.response.header.Access-Control-Allow-Origin";
/** A response parameter that copies the request's Origin: any origin is allowed, whichever asks. */
const ECHOED_ORIGIN = "method.request.header.Origin";

/**
 * The Access-Control-Allow-Origin that a method's integration responses set (CloudFormation's `IntegrationResponses`
 * list, OpenAPI's `responses` map): a quoted literal unquoted, a mapping as written. Where they disagree, the widest:
 * `*` or the echoed Origin first, then one that cannot be resolved, then the first literal.
 */
export function corsAllowOrigin(responses: unknown, parametersKey: string): Value<string> | undefined {
  const items = isRecord(responses) ? Object.values(responses) : list(responses);
  if (isUnknown(items)) return items;
  const origins = items.flatMap((response) => {
    const parameters = inner(response, parametersKey);
    const origin = isUnknown(parameters) ? parameters : record(parameters)[ALLOW_ORIGIN];
    if (origin === undefined) return [];
    const value = str(origin, `${parametersKey}.${ALLOW_ORIGIN}`);
    return [isUnknown(value) ? value : value.replace(/^'(.*)'$/, "$1")];
  });
  return origins.find((o) => o === "*" || o === ECHOED_ORIGIN) ?? origins.find(isUnknown) ?? origins[0];
}

/** The path of an `AWS::ApiGateway::Resource` chain; `/` for the API's root. */
export function resourcePath(m: TemplateMapper, raw: unknown, depth = 0): Value<string> {
  const id = referencedLogicalId(raw);
  if (record(raw)["Fn::GetAtt"] !== undefined && id) return "/";
  if (!id || m.refs.typeOf(id) !== "AWS::ApiGateway::Resource" || depth > 30) {
    return unknown("method resource is outside the template");
  }
  const part = m.props(id).PathPart;
  if (typeof part !== "string") return unknown(`${id}.PathPart cannot be resolved`);
  const parent = resourcePath(m, m.raw(id).ParentId, depth + 1);
  if (isUnknown(parent)) return parent;
  return `${parent === "/" ? "" : parent}/${part}`;
}

export function restMethodResource(m: TemplateMapper, logicalId: string, p: Props) {
  const raw = m.raw(logicalId);
  const restApiArn = m.restApiArn(raw.RestApiId, p.RestApiId);
  const path = resourcePath(m, raw.ResourceId);
  const method = str(p.HttpMethod, "HttpMethod");
  const functionArn = functionArnOfIntegrationUri(inner(p.Integration, "Uri"));
  const allowOrigin = corsAllowOrigin(inner(p.Integration, "IntegrationResponses"), "ResponseParameters");
  const arn = `${isUnknown(restApiArn) ? `\${${logicalId}.RestApi}` : restApiArn}/resources${
    isUnknown(path) ? `/\${${logicalId}.Path}` : path
  }/methods/${isUnknown(method) ? "*" : method}`;
  m.add(logicalId, {
    ...m.base("apigateway.method", logicalId, arn),
    name: `${isUnknown(method) ? "?" : method} ${isUnknown(path) ? "?" : path}`,
    restApiArn,
    path,
    httpMethod: method,
    authorizationType: withDefault(
      p.AuthorizationType,
      "NONE" as const,
      (v, w) => oneOf(v, ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"], w),
      "AuthorizationType",
    ),
    apiKeyRequired: withDefault(p.ApiKeyRequired, false, bool, "ApiKeyRequired"),
    ...(p.RequestValidatorId !== undefined && {
      requestValidatorId: str(p.RequestValidatorId, "RequestValidatorId"),
    }),
    ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
    ...(allowOrigin !== undefined && { corsAllowOrigin: allowOrigin }),
  } satisfies RestApiMethod);
}

export function restStage(m: TemplateMapper, logicalId: string, p: Props, rawApiId: unknown): RestApiStage {
  const restApiArn = m.restApiArn(rawApiId, p.RestApiId);
  const stageName = str(p.StageName, "StageName");
  const arn = `${isUnknown(restApiArn) ? `\${${logicalId}.RestApi}` : restApiArn}/stages/${
    isUnknown(stageName) ? `\${${logicalId}}` : stageName
  }`;
  const settings = list(p.MethodSettings);
  const methodSettings: MethodSetting[] = isUnknown(settings)
    ? [
        {
          resourcePath: "/*",
          httpMethod: "*",
          burstLimit: settings,
          rateLimit: settings,
          loggingLevel: settings,
          metricsEnabled: settings,
          dataTrace: settings,
        },
      ]
    : settings.map((s) => methodSetting(record(s)));
  // Deployment.StageDescription spells stage-wide settings at the top level.
  if (
    p.LoggingLevel !== undefined ||
    p.ThrottlingBurstLimit !== undefined ||
    p.ThrottlingRateLimit !== undefined ||
    p.MetricsEnabled !== undefined ||
    p.DataTraceEnabled !== undefined
  ) {
    methodSettings.unshift(methodSetting({ ...p, ResourcePath: "/*", HttpMethod: "*" }));
  }
  const accessLog = inner(p.AccessLogSetting, "DestinationArn");
  const vars = variables(p.Variables, "Variables");
  return {
    ...m.base("apigateway.stage", logicalId, arn),
    name: stageName,
    restApiArn,
    stageName,
    methodSettings,
    ...(accessLog !== undefined && { accessLogDestination: str(accessLog, "AccessLogSetting.DestinationArn") }),
    tracing: withDefault(p.TracingEnabled, false, bool, "TracingEnabled"),
    variables: isUnknown(vars) ? [{ name: "*", value: vars }] : vars,
  };
}

/** SAM's translator names its Deployment's own stage `Stage`, beside the real stage it declares on that deployment. */
const SAM_DEPLOYMENT_STAGE = "Stage";

export function deploymentStage(m: TemplateMapper, logicalId: string) {
  const p = m.props(logicalId);
  if (p.StageName === undefined) return;
  // That `Stage` stage runs the same deployment as the declared one: judging it too would report every stage
  // finding twice, once on a stage nobody configures or calls.
  const declaredOnDeployment = m
    .logicalIdsOfType("AWS::ApiGateway::Stage")
    .some((stageId) => referencedLogicalId(m.raw(stageId).DeploymentId) === logicalId);
  if (p.StageName === SAM_DEPLOYMENT_STAGE && declaredOnDeployment) return;
  const stage = restStage(
    m,
    logicalId,
    { ...record(p.StageDescription), RestApiId: p.RestApiId, StageName: p.StageName },
    m.raw(logicalId).RestApiId,
  );
  const declared = [...m.builtByLogicalId.values()].some((r) => r.id === stage.id);
  if (!declared) m.add(logicalId, stage);
}

export function usagePlan(m: TemplateMapper, logicalId: string, p: Props): UsagePlan {
  const stages = list(p.ApiStages);
  const throttle = p.Throttle;
  const quota = p.Quota;
  const rawStages = m.raw(logicalId).ApiStages;
  return {
    ...m.base("apigateway.usage-plan", logicalId),
    name: p.UsagePlanName === undefined ? `\${${logicalId}}` : str(p.UsagePlanName, "UsagePlanName"),
    apiStages: isUnknown(stages)
      ? [{ restApiArn: stages, stageName: stages }]
      : stages.map((s, i) => {
          const stage = record(s);
          const rawApi = Array.isArray(rawStages) ? record(rawStages[i]).ApiId : undefined;
          return {
            restApiArn: m.restApiArn(rawApi, stage.ApiId),
            stageName: str(stage.Stage, "ApiStages.Stage"),
          };
        }),
    ...(throttle !== undefined && { throttle: throttleOf(throttle, "BurstLimit", "RateLimit") }),
    ...(quota !== undefined && {
      quota: { limit: num(inner(quota, "Limit"), "Quota.Limit"), period: str(inner(quota, "Period"), "Quota.Period") },
    }),
  };
}

export function webAcl(m: TemplateMapper, logicalId: string) {
  const p = m.props(logicalId);
  const webAclArn = str(p.WebACLArn, "WebACLArn");
  // A stage the ARN names by intrinsic (`${ApiStage}`, `!Ref ApiStage`) is found even when its name is unknown.
  const mentioned = JSON.stringify(m.raw(logicalId).ResourceArn ?? "").matchAll(
    /\$\{([A-Za-z0-9]+)\}|"Ref":"([A-Za-z0-9]+)"/g,
  );
  const stageIds = [...mentioned]
    .map((m) => m[1] ?? m[2]!)
    .filter((id) => m.refs.typeOf(id) === "AWS::ApiGateway::Stage");
  const stages = stageIds.map((id) => m.builtResource<RestApiStage>(id)).filter((s) => s !== undefined);
  const target = str(p.ResourceArn, "ResourceArn");
  if (stages.length === 0 && typeof target === "string") {
    const match = /\/restapis\/([^/]+)\/stages\/(.+)$/.exec(target);
    if (!match) return; // an ALB, AppSync or Cognito association
    for (const resource of m.builtByLogicalId.values()) {
      if (resource.kind === "apigateway.stage" && resource.arn.endsWith(`/restapis/${match[1]}/stages/${match[2]}`)) {
        stages.push(resource as Mutable<RestApiStage>);
      }
    }
  }
  if (stages.length === 0 && isUnknown(target)) {
    return m.error(logicalId, `${logicalId}: ResourceArn: ${target.reason}; the protected stage is unknown`);
  }
  for (const stage of stages) stage.webAclArn = webAclArn;
}

export function httpApi(m: TemplateMapper, logicalId: string, p: Props) {
  // With an OpenAPI body, CORS lives in the body's extension.
  const bodyCors = record(p.Body)["x-amazon-apigateway-cors"];
  const cors = isRecord(p.CorsConfiguration)
    ? p.CorsConfiguration
    : isUnknown(p.CorsConfiguration)
      ? { AllowOrigins: p.CorsConfiguration, AllowCredentials: p.CorsConfiguration }
      : isRecord(bodyCors)
        ? { AllowOrigins: bodyCors.allowOrigins, AllowCredentials: bodyCors.allowCredentials }
        : undefined;
  const api: HttpApi = {
    ...m.base("apigatewayv2.api", logicalId),
    name: p.Name === undefined ? `\${${logicalId}}` : str(p.Name, "Name"),
    protocolType:
      p.ProtocolType === undefined && p.Body !== undefined
        ? "HTTP"
        : oneOf(p.ProtocolType, ["HTTP", "WEBSOCKET"], "ProtocolType"),
    ...(isRecord(cors) && {
      cors: {
        allowOrigins: strings(cors.AllowOrigins, "CorsConfiguration.AllowOrigins"),
        allowCredentials: withDefault(cors.AllowCredentials, false, bool, "CorsConfiguration.AllowCredentials"),
      },
    }),
    disableExecuteApiEndpoint: withDefault(p.DisableExecuteApiEndpoint, false, bool, "DisableExecuteApiEndpoint"),
  };
  m.add(logicalId, api);
  if (p.Target !== undefined) quickCreate(m, logicalId, api, p);
  if (p.Body === undefined) return;
  if (!isRecord(p.Body)) return m.error(logicalId, `${logicalId}: Body cannot be resolved; routes not read`);
  const schemes = record(record(p.Body.components).securitySchemes);
  for (const [path, operations, method, operation] of openApiOperations(p.Body)) {
    const routeKey = path === "$default" ? "$default" : `${method} ${path}`;
    const integration = record(
      operation["x-amazon-apigateway-integration"] ?? operations["x-amazon-apigateway-integration"],
    );
    const functionArn = functionArnOfIntegrationUri(integration.uri);
    const auth = httpAuthorization(operation.security ?? p.Body.security, schemes);
    m.add(`${logicalId} ${routeKey}`, {
      ...m.base("apigatewayv2.route", logicalId, `${api.arn}/routes/${routeKey}`),
      name: routeKey,
      tags: {},
      apiArn: api.arn,
      routeKey,
      authorizationType: auth.type,
      ...(auth.authorizer !== undefined && { authorizerId: auth.authorizer }),
      ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
    } satisfies HttpApiRoute);
  }
}

/**
 * Quick create (`Target` on the API): API Gateway adds a route (`RouteKey`, default `$default`) without any
 * authorization to the target and an auto-deployed `$default` stage without throttling or access logs, none of
 * them written in the template.
 */
function quickCreate(m: TemplateMapper, logicalId: string, api: HttpApi, p: Props) {
  const routeKey = p.RouteKey === undefined ? "$default" : str(p.RouteKey, "RouteKey");
  const key = isUnknown(routeKey) ? `\${${logicalId}.RouteKey}` : routeKey;
  const functionArn = functionArnOfIntegrationUri(p.Target);
  m.add(`${logicalId} quick-create route`, {
    ...m.base("apigatewayv2.route", logicalId, `${api.arn}/routes/${key}`),
    name: routeKey,
    tags: {},
    apiArn: api.arn,
    routeKey,
    authorizationType: "NONE",
    ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
  } satisfies HttpApiRoute);
  m.add(`${logicalId} quick-create stage`, {
    ...m.base("apigatewayv2.stage", logicalId, `${api.arn}/stages/$default`),
    name: "$default",
    tags: {},
    apiArn: api.arn,
    stageName: "$default",
    routeThrottles: [],
    variables: [],
  } satisfies HttpApiStage);
}

export function httpStage(m: TemplateMapper, logicalId: string, p: Props): HttpApiStage {
  const apiArn = m.httpApiArn(m.raw(logicalId).ApiId, p.ApiId);
  const stageName = str(p.StageName, "StageName");
  const defaults = p.DefaultRouteSettings;
  const accessLog = inner(p.AccessLogSettings, "DestinationArn");
  const vars = variables(p.StageVariables, "StageVariables");
  return {
    ...m.base(
      "apigatewayv2.stage",
      logicalId,
      `${isUnknown(apiArn) ? `\${${logicalId}.Api}` : apiArn}/stages/${isUnknown(stageName) ? `\${${logicalId}}` : stageName}`,
    ),
    name: stageName,
    apiArn,
    stageName,
    ...((isRecord(defaults) || isUnknown(defaults)) && {
      defaultRouteThrottle: throttleOf(defaults, "ThrottlingBurstLimit", "ThrottlingRateLimit"),
    }),
    routeThrottles: isUnknown(p.RouteSettings)
      ? [{ routeKey: "*", ...throttleOf(p.RouteSettings, "ThrottlingBurstLimit", "ThrottlingRateLimit") }]
      : Object.entries(record(p.RouteSettings)).map(([routeKey, s]) => ({
          routeKey,
          ...throttleOf(s, "ThrottlingBurstLimit", "ThrottlingRateLimit"),
        })),
    ...(accessLog !== undefined && { accessLogDestination: str(accessLog, "AccessLogSettings.DestinationArn") }),
    variables: isUnknown(vars) ? [{ name: "*", value: vars }] : vars,
  };
}

export function httpRoute(m: TemplateMapper, logicalId: string, p: Props): HttpApiRoute {
  const apiArn = m.httpApiArn(m.raw(logicalId).ApiId, p.ApiId);
  const routeKey = str(p.RouteKey, "RouteKey");
  let functionArn: Value<string> | undefined;
  const target = p.Target;
  if (isUnknown(target)) functionArn = unknown(`Target: ${target.reason}`);
  else if (typeof target === "string") {
    const integrationId = /^integrations\/\$\{([A-Za-z0-9]+)\}$/.exec(target)?.[1];
    if (integrationId && m.refs.typeOf(integrationId) === "AWS::ApiGatewayV2::Integration") {
      functionArn = functionArnOfIntegrationUri(m.props(integrationId).IntegrationUri);
    } else functionArn = unknown(`Target ${target}: integration outside the template`);
  }
  return {
    ...m.base(
      "apigatewayv2.route",
      logicalId,
      `${isUnknown(apiArn) ? `\${${logicalId}.Api}` : apiArn}/routes/\${${logicalId}}`,
    ),
    name: routeKey,
    apiArn,
    routeKey,
    authorizationType: withDefault(
      p.AuthorizationType,
      "NONE" as const,
      (v, w) => oneOf(v, ["NONE", "JWT", "AWS_IAM", "CUSTOM"], w),
      "AuthorizationType",
    ),
    ...(p.AuthorizerId !== undefined && { authorizerId: str(p.AuthorizerId, "AuthorizerId") }),
    ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
  };
}

const HTTP_METHODS = ["get", "put", "post", "delete", "patch", "head", "options", "x-amazon-apigateway-any-method"];

/** Throttle limits of a settings block; both unknown when the block cannot be resolved. */
export function throttleOf(settings: unknown, burstKey: string, rateKey: string): ThrottleSettings {
  const burst = inner(settings, burstKey);
  const rate = inner(settings, rateKey);
  return {
    ...(burst !== undefined && { burstLimit: num(burst, burstKey) }),
    ...(rate !== undefined && { rateLimit: num(rate, rateKey) }),
  };
}

function methodSetting(s: Props): MethodSetting {
  return {
    resourcePath: typeof s.ResourcePath === "string" ? s.ResourcePath : "/*",
    httpMethod: typeof s.HttpMethod === "string" ? s.HttpMethod : "*",
    ...throttleOf(s, "ThrottlingBurstLimit", "ThrottlingRateLimit"),
    ...(s.LoggingLevel !== undefined && {
      loggingLevel: oneOf(s.LoggingLevel, ["OFF", "ERROR", "INFO"] as const, "LoggingLevel"),
    }),
    ...(s.DataTraceEnabled !== undefined && { dataTrace: bool(s.DataTraceEnabled, "DataTraceEnabled") }),
    ...(s.MetricsEnabled !== undefined && { metricsEnabled: bool(s.MetricsEnabled, "MetricsEnabled") }),
  };
}

/** `[path, path item, METHOD, operation]` for each operation of an OpenAPI / Swagger body. */
function openApiOperations(body: Props): [string, Props, string, Props][] {
  const result: [string, Props, string, Props][] = [];
  for (const [path, item] of Object.entries(record(body.paths))) {
    const operations = record(item);
    for (const method of HTTP_METHODS) {
      if (!isRecord(operations[method])) continue;
      const verb = method === "x-amazon-apigateway-any-method" ? "ANY" : method.toUpperCase();
      result.push([path, operations, verb, operations[method] as Props]);
    }
  }
  return result;
}

function securityNames(security: unknown): string[] {
  const requirements = Array.isArray(security) ? security : [];
  return requirements.flatMap((r) => Object.keys(record(r)));
}

function restAuthorization(security: unknown, schemes: Props): { type: Value<RestAuthorization>; apiKey: boolean } {
  let type: RestAuthorization = "NONE";
  let apiKey = false;
  for (const name of securityNames(security)) {
    const scheme = record(schemes[name]);
    const authType = String(scheme["x-amazon-apigateway-authtype"] ?? "").toLowerCase();
    if (authType === "cognito_user_pools") type = "COGNITO_USER_POOLS";
    else if (authType === "awssigv4") type = "AWS_IAM";
    else if (authType === "custom" || scheme["x-amazon-apigateway-authorizer"] !== undefined) type = "CUSTOM";
    else if (scheme.type === "apiKey") apiKey = true;
  }
  return { type, apiKey };
}

function httpAuthorization(security: unknown, schemes: Props): { type: HttpAuthorization; authorizer?: string } {
  for (const name of securityNames(security)) {
    const scheme = record(schemes[name]);
    const authorizer = record(scheme["x-amazon-apigateway-authorizer"]);
    if (String(scheme["x-amazon-apigateway-authtype"] ?? "").toLowerCase() === "awssigv4") return { type: "AWS_IAM" };
    if (authorizer.type === "jwt") return { type: "JWT", authorizer: name };
    if (authorizer.type === "request") return { type: "CUSTOM", authorizer: name };
  }
  return { type: "NONE" };
}

/** `…/functions/<arn>/invocations` or a bare function ARN → the unqualified function ARN. */
export function functionArnOfIntegrationUri(uri: unknown): Value<string> | undefined {
  if (isUnknown(uri)) return unknown(`integration URI: ${uri.reason}`);
  if (typeof uri !== "string") return undefined;
  const invoked = /:lambda:path\/[^/]+\/functions\/(.+)\/invocations$/.exec(uri)?.[1] ?? uri;
  return /^arn:[^:]+:lambda:/.test(invoked) || invoked.startsWith("arn:${")
    ? unqualifiedFunctionArn(invoked)
    : undefined;
}
