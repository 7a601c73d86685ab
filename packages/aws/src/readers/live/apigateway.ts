import {
  GetMethodCommand,
  GetRequestValidatorsCommand,
  GetResourcesCommand,
  GetRestApiCommand,
  GetRestApisCommand,
  GetStagesCommand,
  GetUsagePlansCommand,
  type Integration,
  type Method,
  type RestApi as SdkRestApi,
  type Stage,
} from "@aws-sdk/client-api-gateway";
import {
  type MethodSetting,
  type Resource,
  type ResourceKind,
  type RestApi,
  type RestApiMethod,
  type RestApiStage,
  type RestAuthorization,
  type UsagePlan,
  unknown,
} from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, lambdaArnOfIntegration, liveOrigin, readPages, readPolicy, variables } from "./shared.ts";

const ALLOW_ORIGIN = "method.response.header.Access-Control-Allow-Origin";
/** A response parameter that copies the request's Origin: any origin is allowed, whichever asks. */
const ECHOED_ORIGIN = "method.request.header.Origin";

/**
 * The Access-Control-Allow-Origin that the integration's responses set: a quoted literal unquoted, a mapping as
 * written; where they disagree, `*` or the echoed Origin first (the widest).
 */
function corsAllowOrigin(integration: Integration | undefined): string | undefined {
  const origins = Object.values(integration?.integrationResponses ?? {})
    .map((response) => response.responseParameters?.[ALLOW_ORIGIN])
    .filter((origin) => origin !== undefined)
    .map((origin) => origin.replace(/^'(.*)'$/, "$1"));
  return origins.find((o) => o === "*" || o === ECHOED_ORIGIN) ?? origins[0];
}

/** What one read of a REST API returns: the API and its parts. */
const REST_API_KINDS = ["apigateway.rest-api", "apigateway.stage", "apigateway.method"] as const;

function apiArn(session: ReadSession, id: string): string {
  return `arn:${session.scope.partition}:apigateway:${session.scope.region}::/restapis/${id}`;
}

/** API Gateway returns a REST API policy as JSON with its quotes backslash-escaped. */
function unescapePolicy(policy: string | undefined): string | undefined {
  if (policy === undefined || !policy.includes('\\"')) return policy;
  return policy.replace(/\\"/g, '"').replace(/\\\\/g, "\\");
}

/** `*\/*` → (`/*`, `*`); `~1orders/GET` → (`/orders`, `GET`). */
function methodSettings(stage: Stage): MethodSetting[] {
  return Object.entries(stage.methodSettings ?? {}).map(([key, s]) => {
    const slash = key.lastIndexOf("/");
    const path = key.slice(0, slash).replace(/~1/g, "/");
    return {
      resourcePath: path.startsWith("/") ? path : `/${path}`,
      httpMethod: key.slice(slash + 1),
      ...(s.throttlingBurstLimit !== undefined && { burstLimit: s.throttlingBurstLimit }),
      ...(s.throttlingRateLimit !== undefined && { rateLimit: s.throttlingRateLimit }),
      ...(s.loggingLevel && { loggingLevel: s.loggingLevel as "OFF" | "ERROR" | "INFO" }),
      ...(s.dataTraceEnabled !== undefined && { dataTrace: s.dataTraceEnabled }),
      ...(s.metricsEnabled !== undefined && { metricsEnabled: s.metricsEnabled }),
    };
  });
}

async function readApi(session: ReadSession, api: SdkRestApi): Promise<Resource[]> {
  const id = api.id ?? "";
  const arn = apiArn(session, id);
  const origin = liveOrigin(session.scope);
  const [stages, resources, validators] = await Promise.all([
    session.call("apigateway", new GetStagesCommand({ restApiId: id }), { resource: arn }),
    readPages(
      session,
      "apigateway",
      (position) => new GetResourcesCommand({ restApiId: id, embed: ["methods"], limit: 500, position }),
      (o) => ({ items: o.items, next: o.position }),
    ),
    readPages(
      session,
      "apigateway",
      (position) => new GetRequestValidatorsCommand({ restApiId: id, limit: 500, position }),
      (o) => ({ items: o.items, next: o.position }),
    ),
  ]);
  if (stages.status === "failed") session.incomplete("apigateway.stage", stages.reason);
  if (resources.failed) session.incomplete("apigateway.method", resources.failed);
  const restApi: RestApi = {
    kind: "apigateway.rest-api",
    id: arn,
    arn,
    name: api.name ?? unknown("no name"),
    origin,
    tags: api.tags ?? {},
    endpointTypes: api.endpointConfiguration?.types ?? ["EDGE"],
    policy: readPolicy(session, "apigateway", "apigateway:GET", unescapePolicy(api.policy), arn),
    disableExecuteApiEndpoint: api.disableExecuteApiEndpoint ?? false,
    // An unreadable validator list leaves no validator ids to trust; methods still name theirs.
    requestValidators: validators.items.map((v) => ({
      id: v.id ?? "",
      validateBody: v.validateRequestBody ?? false,
      validateParameters: v.validateRequestParameters ?? false,
    })),
  };
  const stageResources: RestApiStage[] =
    stages.status === "ok"
      ? (stages.output.item ?? []).map((s) => ({
          kind: "apigateway.stage",
          id: `${arn}/stages/${s.stageName}`,
          arn: `${arn}/stages/${s.stageName}`,
          name: s.stageName ?? unknown("no stageName"),
          origin,
          tags: s.tags ?? {},
          restApiArn: arn,
          stageName: s.stageName ?? unknown("no stageName"),
          methodSettings: methodSettings(s),
          ...(s.accessLogSettings?.destinationArn && { accessLogDestination: s.accessLogSettings.destinationArn }),
          ...(s.webAclArn && { webAclArn: s.webAclArn }),
          tracing: s.tracingEnabled ?? false,
          variables: variables(s.variables),
        }))
      : [];
  const methods: RestApiMethod[] = [];
  for (const resource of resources.items) {
    for (const [httpMethod, embedded] of Object.entries(resource.resourceMethods ?? {})) {
      let method: Method | undefined = embedded;
      // `embed=methods` should return each method whole; read it on its own when it did not.
      if (embedded.authorizationType === undefined) {
        const got = await session.call(
          "apigateway",
          new GetMethodCommand({ restApiId: id, resourceId: resource.id, httpMethod }),
          { resource: arn },
        );
        method = got.status === "ok" ? got.output : undefined;
      }
      const methodArn = `${arn}/resources/${resource.id}/methods/${httpMethod}`;
      const why = unknown(`apigateway:GET ${methodArn} failed`);
      const integration = method?.methodIntegration;
      const functionArn =
        integration?.type === "AWS_PROXY" || integration?.type === "AWS"
          ? lambdaArnOfIntegration(integration.uri)
          : undefined;
      const allowOrigin = method ? corsAllowOrigin(integration) : why;
      methods.push({
        kind: "apigateway.method",
        id: methodArn,
        arn: methodArn,
        name: `${httpMethod} ${resource.path ?? ""}`,
        origin,
        tags: {},
        restApiArn: arn,
        path: resource.path ?? unknown("no path"),
        httpMethod,
        authorizationType: method ? ((method.authorizationType ?? "NONE") as RestAuthorization) : why,
        apiKeyRequired: method ? (method.apiKeyRequired ?? false) : why,
        ...(method?.requestValidatorId && { requestValidatorId: method.requestValidatorId }),
        ...(functionArn && { integrationFunctionArn: functionArn }),
        ...(allowOrigin !== undefined && { corsAllowOrigin: allowOrigin }),
      });
    }
  }
  return [restApi, ...stageResources, ...methods];
}

export async function readUsagePlans(session: ReadSession): Promise<UsagePlan[]> {
  const { partition, region } = session.scope;
  const plans = await readPages(
    session,
    "apigateway",
    (position) => new GetUsagePlansCommand({ limit: 500, position }),
    (o) => ({ items: o.items, next: o.position }),
  );
  // The account's whole list, whoever asks: a failed page leaves plans unread.
  if (plans.failed) session.incomplete("apigateway.usage-plan", plans.failed);
  return plans.items.map((p) => {
    const arn = `arn:${partition}:apigateway:${region}::/usageplans/${p.id}`;
    return {
      kind: "apigateway.usage-plan",
      id: arn,
      arn,
      name: p.name ?? unknown("no name"),
      origin: liveOrigin(session.scope),
      tags: p.tags ?? {},
      apiStages: (p.apiStages ?? []).map((s) => ({
        restApiArn: apiArn(session, s.apiId ?? ""),
        stageName: s.stage ?? unknown("no stage"),
      })),
      ...(p.throttle && {
        throttle: {
          ...(p.throttle.burstLimit !== undefined && { burstLimit: p.throttle.burstLimit }),
          ...(p.throttle.rateLimit !== undefined && { rateLimit: p.throttle.rateLimit }),
        },
      }),
      ...(p.quota && {
        quota: { limit: p.quota.limit ?? unknown("no limit"), period: p.quota.period ?? unknown("no period") },
      }),
    };
  });
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("apigateway.rest-api", "apigateway");
  const [apis, plans] = await Promise.all([
    readPages(
      session,
      "apigateway",
      (position) => new GetRestApisCommand({ limit: 500, position }),
      (o) => ({ items: o.items, next: o.position }),
    ),
    readUsagePlans(session),
  ]);
  if (apis.failed) for (const kind of REST_API_KINDS) session.incomplete(kind, apis.failed);
  progress.total(apis.items.length);
  const perApi = await Promise.all(
    apis.items.map(async (api) => {
      const resources = await readApi(session, api);
      progress.tick();
      return resources;
    }),
  );
  progress.finish(apis.items.length);
  return [...perApi.flat(), ...plans];
}

/** The REST API that holds the resource `arn` points at, whole; or the usage plans. */
async function readOne(session: ReadSession, kind: ResourceKind, arn: string): Promise<Resource[]> {
  if (kind === "apigateway.usage-plan") return (await readUsagePlans(session)).filter((p) => p.arn === arn);
  const id = /\/restapis\/([^/]+)/.exec(arn)?.[1];
  if (!id) return [];
  const got = await session.call("apigateway", new GetRestApiCommand({ restApiId: id }), {
    resource: arn,
    absentWhen: ["NotFoundException"],
  });
  return got.status === "ok" ? readApi(session, got.output) : [];
}

export const apiGatewayReader: LiveReader = {
  service: "apigateway",
  kinds: ["apigateway.rest-api", "apigateway.stage", "apigateway.method", "apigateway.usage-plan"],
  permissions: ["apigateway:GET"],
  sweep,
  readOne,
};
