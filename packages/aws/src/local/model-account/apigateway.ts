import {
  type EndpointType,
  type GetMethodCommandInput,
  type GetMethodCommandOutput,
  type GetRequestValidatorsCommandInput,
  type GetRequestValidatorsCommandOutput,
  type GetResourcesCommandInput,
  type GetResourcesCommandOutput,
  type GetRestApiCommandInput,
  type GetRestApiCommandOutput,
  type GetRestApisCommandInput,
  type GetRestApisCommandOutput,
  type GetStagesCommandInput,
  type GetStagesCommandOutput,
  type GetUsagePlansCommandInput,
  type GetUsagePlansCommandOutput,
  type Method,
  type MethodSetting,
  NotFoundException,
  type QuotaPeriodType,
  type RestApi,
  type Resource as RestResource,
  type Stage,
} from "@aws-sdk/client-api-gateway";
import { InconsistentStateError } from "./errors.ts";
import {
  CREATED,
  failure,
  type KnownOfKind,
  page,
  pageSize,
  policyJson,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableId,
  tagMap,
} from "./served.ts";

type KnownApi = KnownOfKind<"apigateway.rest-api">;
type KnownMethod = KnownOfKind<"apigateway.method">;

const RESOURCE_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

function notFound(message: string): NotFoundException {
  return new NotFoundException(failure(404, message));
}

/** The id in `arn:…:apigateway:<region>::/restapis/<id>` (or in the ARN of a part of that API). */
function apiIdOf(arn: string): string {
  return /\/restapis\/([^/]+)/.exec(arn)?.[1] ?? "";
}

function apiNamed(account: ServedAccount, restApiId: string | undefined): KnownApi {
  const api = account.regional("apigateway.rest-api").find((a) => apiIdOf(a.arn) === restApiId);
  if (!api) throw notFound(`Invalid API identifier specified ${account.account}:${restApiId}`);
  return api;
}

/** API Gateway returns a REST API's policy as JSON with its quotes backslash-escaped. */
function escapedPolicy(api: KnownApi): string | undefined {
  if (api.policy.statements.length === 0) return undefined;
  return policyJson(api.policy).replace(/\\/g, "\\\\").replace(/"/g, '\\"');
}

function restApiOf(api: KnownApi): RestApi {
  const policy = escapedPolicy(api);
  const tags = tagMap(api.tags);
  return {
    id: apiIdOf(api.arn),
    name: api.name,
    createdDate: CREATED,
    apiKeySource: "HEADER",
    endpointConfiguration: { types: api.endpointTypes.map((t) => t as EndpointType) },
    ...(policy && { policy }),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    rootResourceId: rootIdOf(api.arn),
    ...(tags && { tags }),
  };
}

function rootIdOf(apiArn: string): string {
  return stableId([apiArn, "/"], 10, RESOURCE_ID_ALPHABET);
}

/** `/*` and `*` → `*\/*`; `/orders/{id}` and `GET` → `~1orders~1{id}/GET`, as method settings are keyed. */
function methodSettingKey(resourcePath: string, httpMethod: string): string {
  const path = resourcePath === "/*" ? "*" : resourcePath.replace(/\//g, "~1");
  return `${path}/${httpMethod}`;
}

function stageOf(stage: KnownOfKind<"apigateway.stage">): Stage {
  const methodSettings = Object.fromEntries(
    stage.methodSettings.map((s): [string, MethodSetting] => [
      methodSettingKey(s.resourcePath, s.httpMethod),
      {
        ...(s.burstLimit !== undefined && { throttlingBurstLimit: s.burstLimit }),
        ...(s.rateLimit !== undefined && { throttlingRateLimit: s.rateLimit }),
        ...(s.loggingLevel !== undefined && { loggingLevel: s.loggingLevel }),
        ...(s.dataTrace !== undefined && { dataTraceEnabled: s.dataTrace }),
        ...(s.metricsEnabled !== undefined && { metricsEnabled: s.metricsEnabled }),
      },
    ]),
  );
  const tags = tagMap(stage.tags);
  return {
    stageName: stage.stageName,
    deploymentId: stableId([stage.restApiArn, "deployment"], 6, RESOURCE_ID_ALPHABET),
    methodSettings,
    ...(stage.accessLogDestination !== undefined && {
      accessLogSettings: { destinationArn: stage.accessLogDestination, format: "$context.requestId" },
    }),
    ...(stage.webAclArn !== undefined && { webAclArn: stage.webAclArn }),
    tracingEnabled: stage.tracing,
    cacheClusterEnabled: false,
    ...(stage.variables.length > 0 && {
      variables: Object.fromEntries(stage.variables.map((v) => [v.name, v.value])),
    }),
    ...(tags && { tags }),
    createdDate: CREATED,
    lastUpdatedDate: CREATED,
  };
}

/** The resource id in `…/restapis/<api>/resources/<id>/methods/<verb>`. */
function resourceIdOf(method: KnownMethod): string {
  const at = method.arn.indexOf("/resources/") + "/resources/".length;
  return method.arn.slice(at, method.arn.lastIndexOf("/methods/"));
}

/** How a Lambda proxy integration names the function it invokes. */
function invocationUri(account: ServedAccount, functionArn: string): string {
  const service = `arn:${account.partition}:apigateway:${account.region}:lambda`;
  return `${service}:path/2015-03-31/functions/${functionArn}/invocations`;
}

/** The integration response that sets the method's CORS origin: a literal quoted, the echoed Origin as a mapping. */
function corsResponses(origin: string | undefined) {
  if (origin === undefined) return {};
  const value = origin === "method.request.header.Origin" ? origin : `'${origin}'`;
  return {
    integrationResponses: {
      "200": { statusCode: "200", responseParameters: { "method.response.header.Access-Control-Allow-Origin": value } },
    },
  };
}

function methodOf(method: KnownMethod, account: ServedAccount): Method {
  const fn = method.integrationFunctionArn;
  const cors = corsResponses(method.corsAllowOrigin);
  return {
    httpMethod: method.httpMethod,
    authorizationType: method.authorizationType,
    apiKeyRequired: method.apiKeyRequired,
    ...(method.requestValidatorId !== undefined && { requestValidatorId: method.requestValidatorId }),
    methodIntegration: fn
      ? {
          type: "AWS_PROXY",
          httpMethod: "POST",
          uri: invocationUri(account, fn),
          passthroughBehavior: "WHEN_NO_MATCH",
          timeoutInMillis: 29_000,
          ...cors,
        }
      : { type: "MOCK", passthroughBehavior: "WHEN_NO_MATCH", timeoutInMillis: 29_000, ...cors },
  };
}

function methodsOf(account: ServedAccount, api: KnownApi): KnownMethod[] {
  return account.regional("apigateway.method").filter((m) => m.restApiArn === api.arn);
}

/** The API's resources (paths), each with its methods, and the root that every REST API has. */
function resourcesOf(account: ServedAccount, api: KnownApi, embedMethods: boolean): RestResource[] {
  const byId = new Map<string, RestResource & { resourceMethods: Record<string, Method> }>();
  for (const method of methodsOf(account, api)) {
    const id = resourceIdOf(method);
    const resource = byId.get(id) ?? { id, path: method.path, resourceMethods: {} };
    if (resource.path !== method.path) {
      throw new InconsistentStateError(`methods of resource ${id} of ${api.arn} disagree on its path`);
    }
    // Without `embed=methods`, API Gateway names each method of a resource and tells nothing of it.
    resource.resourceMethods[method.httpMethod] = embedMethods ? methodOf(method, account) : {};
    byId.set(id, resource);
  }
  const resources: RestResource[] = [...byId.values()];
  if (!resources.some((r) => r.path === "/")) resources.unshift({ id: rootIdOf(api.arn), path: "/" });
  return resources;
}

export const apiGatewayAnswers: ServiceAnswers = {
  GetRestApis: (input: GetRestApisCommandInput, account): Reply<GetRestApisCommandOutput> => {
    const listed = page(account.regional("apigateway.rest-api"), input.position, pageSize(input.limit, 25, 500));
    return { items: listed.items.map(restApiOf), ...(listed.next && { position: listed.next }) };
  },
  GetRestApi: (input: GetRestApiCommandInput, account): Reply<GetRestApiCommandOutput> =>
    restApiOf(apiNamed(account, input.restApiId)),
  GetStages: (input: GetStagesCommandInput, account): Reply<GetStagesCommandOutput> => {
    const api = apiNamed(account, input.restApiId);
    return {
      item: account
        .regional("apigateway.stage")
        .filter((s) => s.restApiArn === api.arn)
        .map(stageOf),
    };
  },
  GetResources: (input: GetResourcesCommandInput, account): Reply<GetResourcesCommandOutput> => {
    const api = apiNamed(account, input.restApiId);
    const resources = resourcesOf(account, api, input.embed?.includes("methods") ?? false);
    const listed = page(resources, input.position, pageSize(input.limit, 25, 500));
    return { items: listed.items, ...(listed.next && { position: listed.next }) };
  },
  GetMethod: (input: GetMethodCommandInput, account): Reply<GetMethodCommandOutput> => {
    const api = apiNamed(account, input.restApiId);
    const method = methodsOf(account, api).find(
      (m) => resourceIdOf(m) === input.resourceId && m.httpMethod === input.httpMethod,
    );
    if (!method) throw notFound("Invalid Method identifier specified");
    return methodOf(method, account);
  },
  GetRequestValidators: (
    input: GetRequestValidatorsCommandInput,
    account,
  ): Reply<GetRequestValidatorsCommandOutput> => {
    const validators = apiNamed(account, input.restApiId).requestValidators.map((v) => ({
      id: v.id,
      validateRequestBody: v.validateBody,
      validateRequestParameters: v.validateParameters,
    }));
    const listed = page(validators, input.position, pageSize(input.limit, 25, 500));
    return { items: listed.items, ...(listed.next && { position: listed.next }) };
  },
  GetUsagePlans: (input: GetUsagePlansCommandInput, account): Reply<GetUsagePlansCommandOutput> => {
    const plans = account.regional("apigateway.usage-plan").map((plan) => {
      const tags = tagMap(plan.tags);
      return {
        id: plan.arn.slice(plan.arn.lastIndexOf("/") + 1),
        name: plan.name,
        apiStages: plan.apiStages.map((s) => ({ apiId: apiIdOf(s.restApiArn), stage: s.stageName })),
        ...(plan.throttle && { throttle: { ...plan.throttle } }),
        ...(plan.quota && {
          quota: { limit: plan.quota.limit, offset: 0, period: plan.quota.period as QuotaPeriodType },
        }),
        ...(tags && { tags }),
      };
    });
    const listed = page(plans, input.position, pageSize(input.limit, 25, 500));
    return { items: listed.items, ...(listed.next && { position: listed.next }) };
  },
};
