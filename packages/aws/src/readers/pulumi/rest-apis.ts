/** API Gateway REST APIs built from resources (an OpenAPI `body` is not read): methods, stages, usage plans. */
import {
  type MethodSetting,
  type Resource,
  type RestApi,
  type RestApiMethod,
  type RestApiStage,
  type RestAuthorization,
  type UsagePlan,
  unknown,
  type Value,
} from "@vigil/core";
import { corsAllowOrigin, functionArnOfIntegrationUri } from "../cloudformation/apigateway.ts";
import {
  apiResolver,
  bool,
  type Dict,
  dict,
  dicts,
  documentOr,
  num,
  type PulumiResourceState,
  type PulumiState,
  str,
  strings,
} from "./shared.ts";

const REST_AUTHORIZATIONS: readonly RestAuthorization[] = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];

export function restApis(state: PulumiState): Resource[] {
  const apis = state.ofType("aws:apigateway/restApi:RestApi");
  const apiById = new Map(apis.map((a) => [String(a.outputs.id), a]));
  const apiOf = apiResolver(apis, "REST API", "/restapis");
  const ofApi = (type: string, id: unknown) => state.ofType(type).filter((r) => r.inputs.restApi === id);

  const resources: Resource[] = apis.map((s): RestApi => {
    const id = s.outputs.id;
    const types = dict(s.inputs.endpointConfiguration).types;
    const policy = ofApi("aws:apigateway/restApiPolicy:RestApiPolicy", id)[0]?.inputs.policy ?? s.inputs.policy;
    return {
      kind: "apigateway.rest-api",
      ...state.base(s),
      endpointTypes: types === undefined ? ["EDGE"] : strings(types),
      policy: documentOr(policy, `${s.urn} policy`),
      disableExecuteApiEndpoint: bool(s.inputs.disableExecuteApiEndpoint) ?? false,
      requestValidators: ofApi("aws:apigateway/requestValidator:RequestValidator", id).map((v) => ({
        id: String(v.outputs.id),
        validateBody: bool(v.inputs.validateRequestBody) ?? false,
        validateParameters: bool(v.inputs.validateRequestParameters) ?? false,
      })),
    };
  });

  const pathOf = (restApi: unknown, resourceId: unknown): Value<string> => {
    if (apiById.get(String(restApi))?.outputs.rootResourceId === resourceId) return "/";
    const resource = state
      .ofType("aws:apigateway/resource:Resource")
      .find((r) => r.outputs.id === resourceId && r.inputs.restApi === restApi);
    return str(resource?.outputs.path) ?? unknown(`resource ${resourceId} is outside the stack`);
  };
  for (const s of state.ofType("aws:apigateway/method:Method")) {
    const { restApi, resourceId, httpMethod } = s.inputs;
    const api = apiOf(restApi);
    const path = pathOf(restApi, resourceId);
    const sameMethod = (r: PulumiResourceState) =>
      r.inputs.restApi === restApi && r.inputs.resourceId === resourceId && r.inputs.httpMethod === httpMethod;
    const integration = state.ofType("aws:apigateway/integration:Integration").find(sameMethod);
    const functionArn = functionArnOfIntegrationUri(integration?.inputs.uri);
    const allowOrigin = corsAllowOrigin(
      state
        .ofType("aws:apigateway/integrationResponse:IntegrationResponse")
        .filter(sameMethod)
        .map((r) => r.inputs),
      "responseParameters",
    );
    const authorization = s.inputs.authorization ?? "NONE";
    resources.push({
      kind: "apigateway.method",
      ...state.base(s, `${api.prefix}/resources/${String(resourceId)}/methods/${String(httpMethod)}`),
      name: `${String(httpMethod)} ${typeof path === "string" ? path : "?"}`,
      restApiArn: api.arn,
      path,
      httpMethod: String(httpMethod),
      authorizationType: REST_AUTHORIZATIONS.includes(authorization as RestAuthorization)
        ? (authorization as RestAuthorization)
        : unknown(`authorization ${String(authorization)}`),
      apiKeyRequired: bool(s.inputs.apiKeyRequired) ?? false,
      ...(str(s.inputs.requestValidatorId) && { requestValidatorId: String(s.inputs.requestValidatorId) }),
      ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
      ...(allowOrigin !== undefined && { corsAllowOrigin: allowOrigin }),
    } satisfies RestApiMethod);
  }

  for (const s of state.ofType("aws:apigateway/stage:Stage")) {
    const api = apiOf(s.inputs.restApi);
    const stageName = String(s.inputs.stageName);
    const arn = `${api.prefix}/stages/${stageName}`;
    const accessLog = str(dict(s.inputs.accessLogSettings).destinationArn);
    const association = state
      .ofType("aws:wafv2/webAclAssociation:WebAclAssociation")
      .find((a) => a.inputs.resourceArn === arn || a.inputs.resourceArn === s.outputs.arn);
    const webAclArn = str(association?.inputs.webAclArn) ?? str(s.outputs.webAclArn);
    resources.push({
      kind: "apigateway.stage",
      ...state.base(s, arn),
      name: stageName,
      restApiArn: api.arn,
      stageName,
      methodSettings: state
        .ofType("aws:apigateway/methodSettings:MethodSettings")
        .filter((m) => m.inputs.restApi === s.inputs.restApi && m.inputs.stageName === stageName)
        .map((m) => methodSetting(String(m.inputs.methodPath), dict(m.inputs.settings))),
      ...(accessLog && { accessLogDestination: accessLog }),
      ...(webAclArn && { webAclArn }),
      tracing: bool(s.inputs.xrayTracingEnabled) ?? false,
      variables: Object.entries(dict(s.inputs.variables)).map(([name, value]) => ({ name, value: String(value) })),
    } satisfies RestApiStage);
  }

  for (const s of state.ofType("aws:apigateway/usagePlan:UsagePlan")) {
    const throttle = s.inputs.throttleSettings;
    const quota = s.inputs.quotaSettings;
    resources.push({
      kind: "apigateway.usage-plan",
      ...state.base(s),
      apiStages: dicts(s.inputs.apiStages).map((stage) => ({
        restApiArn: apiOf(stage.apiId).arn,
        stageName: String(stage.stage),
      })),
      ...(throttle !== undefined && {
        throttle: limits(dict(throttle).burstLimit, dict(throttle).rateLimit),
      }),
      ...(quota !== undefined && {
        quota: {
          limit: num(dict(quota).limit) ?? unknown("no quota limit"),
          period: str(dict(quota).period) ?? unknown("no quota period"),
        },
      }),
    } satisfies UsagePlan);
  }
  return resources;
}

/** `*\/*` → (`/*`, `*`); `orders/GET` → (`/orders`, `GET`), as the live reader spells them. */
function methodSetting(methodPath: string, settings: Dict): MethodSetting {
  const slash = methodPath.lastIndexOf("/");
  const path = methodPath.slice(0, slash).replace(/~1/g, "/");
  const level = settings.loggingLevel;
  return {
    resourcePath: path.startsWith("/") ? path : `/${path}`,
    httpMethod: methodPath.slice(slash + 1),
    ...limits(settings.throttlingBurstLimit, settings.throttlingRateLimit),
    ...((level === "OFF" || level === "ERROR" || level === "INFO") && { loggingLevel: level }),
    ...(bool(settings.dataTraceEnabled) !== undefined && { dataTrace: Boolean(settings.dataTraceEnabled) }),
    ...(bool(settings.metricsEnabled) !== undefined && { metricsEnabled: Boolean(settings.metricsEnabled) }),
  };
}

/** Throttle limits; the provider writes -1 for a limit left unset. */
function limits(burst: unknown, rate: unknown) {
  const b = num(burst);
  const r = num(rate);
  return { ...(b !== undefined && b >= 0 && { burstLimit: b }), ...(r !== undefined && r >= 0 && { rateLimit: r }) };
}
