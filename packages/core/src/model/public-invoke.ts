/**
 * Who may invoke a function from outside: public triggers (see {@link publicTriggersOf}) and resource-policy
 * statements that grant invoke to anyone. One predicate for the perimeter and concurrency rules, so that
 * `lambda-concurrency-uncapped` and `lambda-public-trigger-uncapped` never judge the same function.
 */
import { readingOf } from "../iam/principals.ts";
import { grantsAnyAction, type PublicGrant, publicGrants } from "../iam/public-grants.ts";
import { publicTriggersOf } from "./exposure.ts";
import type { ResourceModel, Trigger } from "./graph.ts";
import type { Statement } from "./policy.ts";
import type { LambdaFunction } from "./resources.ts";
import { isUnknown, type Unknown, type Value } from "./value.ts";

/** The actions that run a function: `lambda:*` and `lambda:Invoke*` grant both. */
export const INVOKE_ACTIONS = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"] as const;

export function grantsInvoke(statement: Statement): Value<boolean> {
  return grantsAnyAction(statement, INVOKE_ACTIONS);
}

/**
 * Conditions with which a statement admits only calls through the function's URL, as AWS writes a URL's own
 * permissions (`lambda:FunctionUrlAuthType` on InvokeFunctionUrl, `lambda:InvokedViaFunctionUrl` on InvokeFunction).
 */
const URL_ONLY_KEYS: ReadonlySet<string> = new Set(["lambda:functionurlauthtype", "lambda:invokedviafunctionurl"]);

/**
 * What of a function's resource policy counts as granting invoke to its callers. With the function's URL known, a
 * statement that admits only URL calls is the URL's exposure, judged by the URL's auth type (lambda-url-auth-none,
 * the function-url trigger), or grants nothing when there is no URL; with the URL unknown (AWS Config does not
 * record it) that statement is the only evidence of who may call, and counts.
 */
export function invokeGrantsOf(fn: LambdaFunction): (statement: Statement) => Value<boolean> {
  if (isUnknown(fn.url)) return grantsInvoke;
  return (statement) =>
    statement.conditions.some((clause) => URL_ONLY_KEYS.has(clause.key) && !clause.ifExists)
      ? false
      : grantsInvoke(statement);
}

export interface PublicInvocation {
  readonly triggers: readonly Trigger[];
  /** Resource-policy statements that let anyone invoke the function other than through its URL. */
  readonly grants: readonly PublicGrant[];
  /** Set when a trigger's authorization or a policy statement is unresolved: the function may be public. */
  readonly uncertain?: Unknown;
}

export function publicInvocationOf(model: ResourceModel, fn: LambdaFunction): PublicInvocation {
  const exposure = publicTriggersOf(model, fn);
  const policy = publicGrants(fn.policy, invokeGrantsOf(fn), readingOf(fn, { servicesFixed: true }));
  const uncertain = exposure.uncertain ?? policy.uncertain;
  const result = { triggers: exposure.triggers, grants: policy.grants };
  return uncertain ? { ...result, uncertain } : result;
}

/** Whether anyone can invoke the function through a trigger or its resource policy. */
export function isPubliclyInvocable(invocation: PublicInvocation): boolean {
  return invocation.triggers.length > 0 || invocation.grants.length > 0;
}
