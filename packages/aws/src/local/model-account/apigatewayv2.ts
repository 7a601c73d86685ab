import {
  type Api,
  type GetApiCommandInput,
  type GetApiCommandOutput,
  type GetApisCommandInput,
  type GetApisCommandOutput,
  type GetIntegrationsCommandInput,
  type GetIntegrationsCommandOutput,
  type GetRoutesCommandInput,
  type GetRoutesCommandOutput,
  type GetStagesCommandInput,
  type GetStagesCommandOutput,
  type Integration,
  NotFoundException,
  type Route,
  type Stage,
} from "@aws-sdk/client-apigatewayv2";
import type { ThrottleSettings } from "@vigil/core";
import {
  CREATED,
  failure,
  type Known,
  type KnownOfKind,
  lastSegment,
  page,
  pageSize,
  type Reply,
  type ServedAccount,
  type ServiceAnswers,
  stableId,
  tagMap,
} from "./served.ts";

type KnownApi = KnownOfKind<"apigatewayv2.api">;

function apiIdOf(arn: string): string {
  return /\/apis\/([^/]+)/.exec(arn)?.[1] ?? "";
}

function apiNamed(account: ServedAccount, apiId: string | undefined): KnownApi {
  const api = account.regional("apigatewayv2.api").find((a) => apiIdOf(a.arn) === apiId);
  if (!api) throw new NotFoundException(failure(404, `Invalid API identifier specified ${apiId}`));
  return api;
}

function apiOf(api: KnownApi, account: ServedAccount): Api {
  const id = apiIdOf(api.arn);
  const tags = tagMap(api.tags);
  return {
    ApiId: id,
    Name: api.name,
    ProtocolType: api.protocolType,
    ApiEndpoint: `https://${id}.execute-api.${account.region}.amazonaws.com`,
    RouteSelectionExpression:
      api.protocolType === "WEBSOCKET" ? "$request.body.action" : "$request.method $request.path",
    ApiKeySelectionExpression: "$request.header.x-api-key",
    ...(api.cors && {
      CorsConfiguration: { AllowOrigins: [...api.cors.allowOrigins], AllowCredentials: api.cors.allowCredentials },
    }),
    DisableExecuteApiEndpoint: api.disableExecuteApiEndpoint,
    CreatedDate: CREATED,
    ...(tags && { Tags: tags }),
  };
}

function routeSettings(throttle: Known<ThrottleSettings> | undefined) {
  return {
    ...(throttle?.burstLimit !== undefined && { ThrottlingBurstLimit: throttle.burstLimit }),
    ...(throttle?.rateLimit !== undefined && { ThrottlingRateLimit: throttle.rateLimit }),
  };
}

function stageOf(stage: KnownOfKind<"apigatewayv2.stage">): Stage {
  const tags = tagMap(stage.tags);
  return {
    StageName: stage.stageName,
    DefaultRouteSettings: { DetailedMetricsEnabled: false, ...routeSettings(stage.defaultRouteThrottle) },
    RouteSettings: Object.fromEntries(stage.routeThrottles.map((r) => [r.routeKey, routeSettings(r)])),
    ...(stage.accessLogDestination !== undefined && {
      AccessLogSettings: { DestinationArn: stage.accessLogDestination, Format: "$context.requestId" },
    }),
    ...(stage.variables.length > 0 && {
      StageVariables: Object.fromEntries(stage.variables.map((v) => [v.name, v.value])),
    }),
    ...(tags && { Tags: tags }),
    CreatedDate: CREATED,
    LastUpdatedDate: CREATED,
  };
}

/** One Lambda proxy integration per function the API's routes invoke. */
function integrationsOf(account: ServedAccount, api: KnownApi): Map<string, Integration> {
  const integrations = new Map<string, Integration>();
  for (const route of routesOf(account, api)) {
    const fn = route.integrationFunctionArn;
    if (fn === undefined || integrations.has(fn)) continue;
    integrations.set(fn, {
      IntegrationId: stableId([api.arn, fn], 7, "abcdefghijklmnopqrstuvwxyz0123456789"),
      IntegrationType: "AWS_PROXY",
      IntegrationUri: fn,
      IntegrationMethod: "POST",
      PayloadFormatVersion: "2.0",
      ConnectionType: "INTERNET",
      TimeoutInMillis: 30_000,
    });
  }
  return integrations;
}

function routesOf(account: ServedAccount, api: KnownApi) {
  return account.regional("apigatewayv2.route").filter((r) => r.apiArn === api.arn);
}

/** A page of NextToken-paged items (the v2 API takes MaxResults as text). */
function itemsPage<T>(items: readonly T[], input: { NextToken?: string; MaxResults?: string }) {
  const listed = page(items, input.NextToken, pageSize(input.MaxResults, 100, 500));
  return { Items: listed.items, ...(listed.next && { NextToken: listed.next }) };
}

export const apiGatewayV2Answers: ServiceAnswers = {
  GetApis: (input: GetApisCommandInput, account): Reply<GetApisCommandOutput> =>
    itemsPage(
      account.regional("apigatewayv2.api").map((api) => apiOf(api, account)),
      input,
    ),
  GetApi: (input: GetApiCommandInput, account): Reply<GetApiCommandOutput> =>
    apiOf(apiNamed(account, input.ApiId), account),
  GetStages: (input: GetStagesCommandInput, account): Reply<GetStagesCommandOutput> => {
    const api = apiNamed(account, input.ApiId);
    return itemsPage(
      account
        .regional("apigatewayv2.stage")
        .filter((s) => s.apiArn === api.arn)
        .map(stageOf),
      input,
    );
  },
  GetRoutes: (input: GetRoutesCommandInput, account): Reply<GetRoutesCommandOutput> => {
    const api = apiNamed(account, input.ApiId);
    const integrations = integrationsOf(account, api);
    const routes = routesOf(account, api).map(
      (r): Route => ({
        RouteId: lastSegment(r.arn, "/"),
        RouteKey: r.routeKey,
        AuthorizationType: r.authorizationType,
        ...(r.authorizerId !== undefined && { AuthorizerId: r.authorizerId }),
        ...(r.integrationFunctionArn !== undefined && {
          Target: `integrations/${integrations.get(r.integrationFunctionArn)?.IntegrationId}`,
        }),
        ApiKeyRequired: false,
        ApiGatewayManaged: false,
      }),
    );
    return itemsPage(routes, input);
  },
  GetIntegrations: (input: GetIntegrationsCommandInput, account): Reply<GetIntegrationsCommandOutput> =>
    itemsPage([...integrationsOf(account, apiNamed(account, input.ApiId)).values()], input),
};
