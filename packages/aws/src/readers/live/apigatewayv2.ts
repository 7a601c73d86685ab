import {
  type Api,
  GetApiCommand,
  GetApisCommand,
  GetIntegrationsCommand,
  GetRoutesCommand,
  GetStagesCommand,
} from "@aws-sdk/client-apigatewayv2";
import {
  type HttpApi,
  type HttpApiRoute,
  type HttpApiStage,
  type HttpAuthorization,
  type Resource,
  unknown,
} from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { type LiveReader, lambdaArnOfIntegration, liveOrigin, readPages, variables } from "./shared.ts";

/** What one read of an HTTP API returns: the API and its parts. */
const HTTP_API_KINDS = ["apigatewayv2.api", "apigatewayv2.stage", "apigatewayv2.route"] as const;

function throttle(settings: { ThrottlingBurstLimit?: number; ThrottlingRateLimit?: number } | undefined) {
  if (settings?.ThrottlingBurstLimit === undefined && settings?.ThrottlingRateLimit === undefined) return undefined;
  return {
    ...(settings.ThrottlingBurstLimit !== undefined && { burstLimit: settings.ThrottlingBurstLimit }),
    ...(settings.ThrottlingRateLimit !== undefined && { rateLimit: settings.ThrottlingRateLimit }),
  };
}

async function readApi(session: ReadSession, api: Partial<Api>): Promise<Resource[]> {
  const id = api.ApiId ?? "";
  const arn = `arn:${session.scope.partition}:apigateway:${session.scope.region}::/apis/${id}`;
  const origin = liveOrigin(session.scope);
  const [stages, routes, integrations] = await Promise.all([
    readPages(
      session,
      "apigatewayv2",
      (NextToken) => new GetStagesCommand({ ApiId: id, NextToken }),
      (o) => ({ items: o.Items, next: o.NextToken }),
    ),
    readPages(
      session,
      "apigatewayv2",
      (NextToken) => new GetRoutesCommand({ ApiId: id, NextToken }),
      (o) => ({ items: o.Items, next: o.NextToken }),
    ),
    readPages(
      session,
      "apigatewayv2",
      (NextToken) => new GetIntegrationsCommand({ ApiId: id, NextToken }),
      (o) => ({ items: o.Items, next: o.NextToken }),
    ),
  ]);
  if (stages.failed) session.incomplete("apigatewayv2.stage", stages.failed);
  if (routes.failed) session.incomplete("apigatewayv2.route", routes.failed);
  const cors = api.CorsConfiguration;
  const httpApi: HttpApi = {
    kind: "apigatewayv2.api",
    id: arn,
    arn,
    name: api.Name ?? unknown("no Name"),
    origin,
    tags: api.Tags ?? {},
    protocolType: api.ProtocolType ?? unknown("no ProtocolType"),
    ...(cors && { cors: { allowOrigins: cors.AllowOrigins ?? [], allowCredentials: cors.AllowCredentials ?? false } }),
    disableExecuteApiEndpoint: api.DisableExecuteApiEndpoint ?? false,
  };
  const stageResources = stages.items.map((s): HttpApiStage => {
    const stageArn = `${arn}/stages/${s.StageName}`;
    const defaultRouteThrottle = throttle(s.DefaultRouteSettings);
    return {
      kind: "apigatewayv2.stage",
      id: stageArn,
      arn: stageArn,
      name: s.StageName ?? unknown("no StageName"),
      origin,
      tags: s.Tags ?? {},
      apiArn: arn,
      stageName: s.StageName ?? unknown("no StageName"),
      ...(defaultRouteThrottle && { defaultRouteThrottle }),
      routeThrottles: Object.entries(s.RouteSettings ?? {}).map(([routeKey, r]) => ({ routeKey, ...throttle(r) })),
      ...(s.AccessLogSettings?.DestinationArn && { accessLogDestination: s.AccessLogSettings.DestinationArn }),
      variables: variables(s.StageVariables),
    };
  });
  const functionOfIntegration = new Map(
    integrations.items.map((i) => [i.IntegrationId, lambdaArnOfIntegration(i.IntegrationUri)]),
  );
  const routeResources = routes.items.map((r): HttpApiRoute => {
    const routeArn = `${arn}/routes/${r.RouteId}`;
    const integrationId = r.Target?.startsWith("integrations/") ? r.Target.slice("integrations/".length) : undefined;
    const functionArn = integrationId
      ? integrations.failed
        ? unknown(integrations.failed)
        : functionOfIntegration.get(integrationId)
      : undefined;
    return {
      kind: "apigatewayv2.route",
      id: routeArn,
      arn: routeArn,
      name: r.RouteKey ?? unknown("no RouteKey"),
      origin,
      tags: {},
      apiArn: arn,
      routeKey: r.RouteKey ?? unknown("no RouteKey"),
      authorizationType: (r.AuthorizationType ?? "NONE") as HttpAuthorization,
      ...(r.AuthorizerId && { authorizerId: r.AuthorizerId }),
      ...(functionArn && { integrationFunctionArn: functionArn }),
    };
  });
  return [httpApi, ...stageResources, ...routeResources];
}

async function sweep(session: ReadSession): Promise<Resource[]> {
  const progress = session.progress("apigatewayv2.api", "apigatewayv2");
  const apis = await readPages(
    session,
    "apigatewayv2",
    (NextToken) => new GetApisCommand({ NextToken }),
    (o) => ({ items: o.Items, next: o.NextToken }),
  );
  if (apis.failed) for (const kind of HTTP_API_KINDS) session.incomplete(kind, apis.failed);
  progress.total(apis.items.length);
  const perApi = await Promise.all(
    apis.items.map(async (api) => {
      const resources = await readApi(session, api);
      progress.tick();
      return resources;
    }),
  );
  progress.finish(apis.items.length);
  return perApi.flat();
}

/** The HTTP API that holds the resource `arn` points at, whole. */
async function readOne(session: ReadSession, _kind: string, arn: string): Promise<Resource[]> {
  const id = /\/apis\/([^/]+)/.exec(arn)?.[1];
  if (!id) return [];
  const got = await session.call("apigatewayv2", new GetApiCommand({ ApiId: id }), {
    resource: arn,
    absentWhen: ["NotFoundException"],
  });
  return got.status === "ok" ? readApi(session, got.output) : [];
}

export const apiGatewayV2Reader: LiveReader = {
  service: "apigatewayv2",
  kinds: ["apigatewayv2.api", "apigatewayv2.stage", "apigatewayv2.route"],
  permissions: ["apigateway:GET"],
  sweep,
  readOne,
};
