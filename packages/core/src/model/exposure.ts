/**
 * Which triggers expose a function to anyone on the internet. Shared by the concurrency rules: an uncapped
 * function behind a public trigger is a denial-of-wallet risk of its own (`lambda-public-trigger-uncapped`).
 */
import type { ResourceModel, Trigger } from "./graph.ts";
import type { LambdaFunction } from "./resources.ts";
import { isUnknown, type Unknown, type Value } from "./value.ts";

export interface PublicExposure {
  /** Triggers that accept unauthenticated requests. */
  readonly triggers: readonly Trigger[];
  /** Set when some trigger's authorization is unknown: it may be public too. */
  readonly uncertain?: Unknown;
}

/** The authorization setting that decides whether a trigger is public; `undefined` for non-HTTP triggers. */
function authorizationOf(fn: LambdaFunction, trigger: Trigger): Value<string> | undefined {
  switch (trigger.type) {
    case "function-url":
      return fn.url && !isUnknown(fn.url) ? fn.url.authType : undefined;
    case "rest-api":
      return trigger.source.kind === "apigateway.method" ? trigger.source.authorizationType : undefined;
    case "http-api":
      return trigger.source.kind === "apigatewayv2.route" ? trigger.source.authorizationType : undefined;
    default:
      return undefined;
  }
}

/**
 * Public triggers of `fn`: a function URL with auth type NONE, a REST API method with authorization type NONE,
 * an HTTP API route with authorization type NONE. (An API key alone is not authentication.)
 */
export function publicTriggersOf(model: ResourceModel, fn: LambdaFunction): PublicExposure {
  const triggers: Trigger[] = [];
  // Unknown whether a URL exists (AWS Config does not record it): it may be a public one.
  let uncertain: Unknown | undefined = isUnknown(fn.url) ? fn.url : undefined;
  // An API or URL reaches the function only as its resource policy permits: with the policy unread, an open
  // route may or may not invoke it (a live read finds routes by the policy's sources, so it cannot tell either).
  const policyGap = isUnknown(fn.policy) ? fn.policy : undefined;
  for (const trigger of model.triggersOf(fn)) {
    const authorization = authorizationOf(fn, trigger);
    if (authorization === undefined) continue;
    if (isUnknown(authorization)) uncertain ??= authorization;
    else if (authorization === "NONE" && policyGap) uncertain ??= policyGap;
    else if (authorization === "NONE") triggers.push(trigger);
  }
  return uncertain ? { triggers, uncertain } : { triggers };
}
