import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { httpApiOf } from "../../model/apis.ts";
import { isUnknown, knownOr, unknown } from "../../model/value.ts";

/** HTTP API route keys are `$default` or `VERB /path`; anything else belongs to a WebSocket API. */
const HTTP_ROUTE_KEY = /^[A-Z]+ \//;

export default defineRule({
  id: "apigwv2-route-no-authorizer",
  title: "API Gateway v2 route has no authorizer",
  severity: "high",
  practice: 2,
  kinds: ["apigatewayv2.route"],
  context: ["parent-api"],
  rationale:
    "A route with authorization type NONE forwards any request from the internet to its integration. The " +
    "`$default` route of an HTTP API is flagged too: it catches every method and path no other route matches, and " +
    "API Gateway answers CORS preflights itself once CORS is configured, so it never needs to stay open for them. " +
    "`OPTIONS` routes are exempt, and so are WebSocket routes other than `$connect` (WebSocket APIs authorize on " +
    "connect only).",
  remediation: {
    summary: "Attach a JWT, Lambda or IAM authorizer to the route.",
    cli:
      "aws apigatewayv2 update-route --api-id <api> --route-id <route> --authorization-type JWT " +
      "--authorizer-id <authorizer>",
    iac: "AWS::ApiGatewayV2::Route: AuthorizationType: JWT, AuthorizerId: !Ref Authorizer",
  },
  mappings: { owasp: ["A2", "A5"], sas: ["SAS-2"] },
  check(route, { model }) {
    const { authorizationType, routeKey } = route;
    if (isUnknown(authorizationType)) return undetermined("the route's authorization type", authorizationType);
    if (authorizationType !== "NONE") return pass(`route requires ${authorizationType} authorization`);
    if (isUnknown(routeKey)) return undetermined("the route key", routeKey);
    if (routeKey.startsWith("OPTIONS "))
      return notApplicable("OPTIONS routes answer CORS preflights without credentials");
    const open = () =>
      fail(
        routeKey === "$default"
          ? "$default route has authorizationType NONE: every unmatched request reaches its integration unauthenticated"
          : `route "${routeKey}" has authorizationType NONE: anyone can call it`,
        setting("authorizationType", authorizationType),
      );
    if (routeKey === "$connect" || HTTP_ROUTE_KEY.test(routeKey)) return open();
    if (routeKey !== "$default") return notApplicable("WebSocket APIs authorize on $connect only");
    const protocol =
      httpApiOf(model, route)?.protocolType ??
      unknown(`API ${knownOr(route.apiArn, "(unresolved)")} is not in the model`);
    if (isUnknown(protocol)) return undetermined("whether $default belongs to an HTTP or a WebSocket API", protocol);
    return protocol === "HTTP" ? open() : notApplicable("WebSocket APIs authorize on $connect only");
  },
});
