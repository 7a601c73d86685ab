/**
 * Who may invoke a function from outside: public triggers (see {@link publicTriggersOf}) and resource-policy
 * statements that grant invoke to anyone. One predicate for the perimeter and concurrency rules, so that
 * `lambda-concurrency-uncapped` and `lambda-public-trigger-uncapped` never judge the same function.
 */
import { grantsAnyAction, type PublicGrant, publicGrants } from "../iam/public-grants.ts";
import { publicTriggersOf } from "./exposure.ts";
import type { ResourceModel, Trigger } from "./graph.ts";
import type { Statement } from "./policy.ts";
import type { LambdaFunction } from "./resources.ts";
import type { Unknown, Value } from "./value.ts";

/** The actions that run a function: `lambda:*` and `lambda:Invoke*` grant both. */
export const INVOKE_ACTIONS = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"] as const;

export function grantsInvoke(statement: Statement): Value<boolean> {
  return grantsAnyAction(statement, INVOKE_ACTIONS);
}

export interface PublicInvocation {
  readonly triggers: readonly Trigger[];
  /** Resource-policy statements that let anyone invoke the function. */
  readonly grants: readonly PublicGrant[];
  /** Set when a trigger's authorization or a policy statement is unresolved: the function may be public. */
  readonly uncertain?: Unknown;
}

export function publicInvocationOf(model: ResourceModel, fn: LambdaFunction): PublicInvocation {
  const exposure = publicTriggersOf(model, fn);
  const policy = publicGrants(fn.policy, grantsInvoke);
  const uncertain = exposure.uncertain ?? policy.uncertain;
  const result = { triggers: exposure.triggers, grants: policy.grants };
  return uncertain ? { ...result, uncertain } : result;
}

/** Whether anyone can invoke the function through a trigger or its resource policy. */
export function isPubliclyInvocable(invocation: PublicInvocation): boolean {
  return invocation.triggers.length > 0 || invocation.grants.length > 0;
}
