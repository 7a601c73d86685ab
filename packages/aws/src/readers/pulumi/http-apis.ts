/** API Gateway v2 (HTTP) APIs: the API, its stages, and its routes joined to functions through their integrations. */
import {
  type HttpApi,
  type HttpApiRoute,
  type HttpApiStage,
  type HttpAuthorization,
  type Resource,
  type ThrottleSettings,
  unknown,
} from "@vigil/core";
import { functionArnOfIntegrationUri } from "../cloudformation/apigateway.ts";
import {
  apiResolver,
  bool,
  type Dict,
  dict,
  dicts,
  num,
  type PulumiResourceState,
  type PulumiState,
  str,
  strings,
} from "./shared.ts";

const HTTP_AUTHORIZATIONS: readonly HttpAuthorization[] = ["NONE", "JWT", "AWS_IAM", "CUSTOM"];

export function httpApis(state: PulumiState): Resource[] {
  const apis = state.ofType("aws:apigatewayv2/api:Api");
  const apiOf = apiResolver(apis, "API", "/apis");
  const integrationUri = new Map(
    state
      .ofType("aws:apigatewayv2/integration:Integration")
      .map((i) => [String(i.outputs.id), i.inputs.integrationUri]),
  );

  const resources: Resource[] = apis.map((s): HttpApi => {
    const cors = s.inputs.corsConfiguration;
    return {
      kind: "apigatewayv2.api",
      ...state.base(s),
      protocolType: s.inputs.protocolType === "WEBSOCKET" ? "WEBSOCKET" : "HTTP",
      ...(cors !== undefined && {
        cors: {
          allowOrigins: strings(dict(cors).allowOrigins),
          allowCredentials: bool(dict(cors).allowCredentials) ?? false,
        },
      }),
      disableExecuteApiEndpoint: bool(s.inputs.disableExecuteApiEndpoint) ?? false,
    };
  });
  resources.push(...apis.filter((s) => s.inputs.target !== undefined).flatMap((s) => quickCreate(state, s)));

  for (const s of state.ofType("aws:apigatewayv2/stage:Stage")) {
    const api = apiOf(s.inputs.apiId);
    const stageName = String(s.inputs.name);
    const defaults = s.inputs.defaultRouteSettings;
    const accessLog = str(dict(s.inputs.accessLogSettings).destinationArn);
    resources.push({
      kind: "apigatewayv2.stage",
      ...state.base(s, `${api.prefix}/stages/${stageName}`),
      name: stageName,
      apiArn: api.arn,
      stageName,
      ...(defaults !== undefined && { defaultRouteThrottle: throttleOf(dict(defaults)) }),
      // The provider lists route settings, each with its route key.
      routeThrottles: dicts(s.inputs.routeSettings).map((r) => ({ routeKey: String(r.routeKey), ...throttleOf(r) })),
      ...(accessLog && { accessLogDestination: accessLog }),
      variables: Object.entries(dict(s.inputs.stageVariables)).map(([name, value]) => ({ name, value: String(value) })),
    } satisfies HttpApiStage);
  }

  for (const s of state.ofType("aws:apigatewayv2/route:Route")) {
    const api = apiOf(s.inputs.apiId);
    const target = str(s.inputs.target);
    const integrationId = target?.startsWith("integrations/") ? target.slice("integrations/".length) : undefined;
    const functionArn =
      target === undefined
        ? undefined
        : integrationId !== undefined && integrationUri.has(integrationId)
          ? functionArnOfIntegrationUri(integrationUri.get(integrationId))
          : unknown(`target ${target}: integration outside the stack`);
    const authorization = s.inputs.authorizationType ?? "NONE";
    resources.push({
      kind: "apigatewayv2.route",
      ...state.base(s, `${api.prefix}/routes/${String(s.outputs.id)}`),
      name: String(s.inputs.routeKey),
      apiArn: api.arn,
      routeKey: String(s.inputs.routeKey),
      authorizationType: HTTP_AUTHORIZATIONS.includes(authorization as HttpAuthorization)
        ? (authorization as HttpAuthorization)
        : unknown(`authorizationType ${String(authorization)}`),
      ...(str(s.inputs.authorizerId) && { authorizerId: String(s.inputs.authorizerId) }),
      ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
    } satisfies HttpApiRoute);
  }
  return resources;
}

/**
 * Quick create (`target` on the API): API Gateway adds a route (`routeKey`, default `$default`) to the target
 * without any authorization and an auto-deployed `$default` stage without throttling or access logs, none of
 * them in state, as the template reader reads it.
 */
function quickCreate(state: PulumiState, s: PulumiResourceState): Resource[] {
  const apiArn = String(s.outputs.arn);
  const routeKey = str(s.inputs.routeKey) ?? "$default";
  const functionArn = functionArnOfIntegrationUri(s.inputs.target);
  return [
    {
      kind: "apigatewayv2.route",
      ...state.base(s, `${apiArn}/routes/${routeKey}`),
      name: routeKey,
      tags: {},
      apiArn,
      routeKey,
      authorizationType: "NONE",
      ...(functionArn !== undefined && { integrationFunctionArn: functionArn }),
    } satisfies HttpApiRoute,
    {
      kind: "apigatewayv2.stage",
      ...state.base(s, `${apiArn}/stages/$default`),
      name: "$default",
      tags: {},
      apiArn,
      stageName: "$default",
      routeThrottles: [],
      variables: [],
    } satisfies HttpApiStage,
  ];
}

function throttleOf(settings: Dict): ThrottleSettings {
  const burst = num(settings.throttlingBurstLimit);
  const rate = num(settings.throttlingRateLimit);
  return { ...(burst !== undefined && { burstLimit: burst }), ...(rate !== undefined && { rateLimit: rate }) };
}
