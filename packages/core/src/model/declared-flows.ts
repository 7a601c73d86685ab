/**
 * Which write flows a function declares (practice 7): the `vigil:writes` tag, flows approved in a rule's options,
 * and the stores its own configuration sends failed events to. Shared by `lambda-role-write-unjustified` and
 * `flow-sensitive-write-unapproved`, so both accept the same declarations.
 */
import { z } from "zod";
import { actionMatches } from "../iam/patterns.ts";
import type { Flow } from "./flows.ts";
import type { ResourceModel } from "./graph.ts";
import type { DataStore, LambdaFunction, Resource } from "./resources.ts";
import { isKnown, isUnknown, type Value } from "./value.ts";

/** Tag on a function: the stores it is meant to write, by name or template logical id, comma- or space-separated. */
export const WRITES_TAG = "vigil:writes";
/** Tag on a data store: `true` marks it sensitive. */
export const SENSITIVE_TAG = "vigil:sensitive";

/** Rule option: flows approved in configuration, each end named by name, logical id, id or ARN. */
export const approvedFlowsOption = z
  .array(z.object({ function: z.string().min(1), store: z.string().min(1) }).strict())
  .default([]);
export type ApprovedFlow = z.output<typeof approvedFlowsOption>[number];

/** Rule option: stores treated as sensitive besides those tagged, by name, logical id, id or ARN. */
export const sensitiveStoresOption = z.array(z.string().min(1)).default([]);

/** The names a user may write for a resource: its name, template logical id, id and ARN. */
function aliasesOf(resource: Resource): string[] {
  const aliases = [resource.id, resource.arn];
  if (isKnown(resource.name)) aliases.push(resource.name);
  if (resource.origin.type === "template") aliases.push(resource.origin.logicalId);
  return aliases;
}

function isNamed(resource: Resource, names: readonly string[]): boolean {
  return aliasesOf(resource).some((alias) => names.includes(alias));
}

/** The entries of a function's `vigil:writes` tag; unknown when its tags could not be read. */
export function declaredWrites(fn: LambdaFunction): Value<readonly string[]> {
  if (isUnknown(fn.tags)) return fn.tags;
  return (fn.tags[WRITES_TAG] ?? "").split(/[\s,]+/).filter((entry) => entry !== "");
}

/** Whether a store is sensitive (listed, or tagged); unknown when its tags could not be read and it is not listed. */
export function isSensitiveStore(store: DataStore, sensitiveStores: readonly string[]): Value<boolean> {
  if (isNamed(store, sensitiveStores)) return true;
  if (isUnknown(store.tags)) return store.tags;
  return store.tags[SENSITIVE_TAG]?.trim().toLowerCase() === "true";
}

/** Actions a function's role needs to poll a queue it is mapped to; writes in IAM's terms, not data flows. */
const QUEUE_CONSUMER_ACTIONS = ["sqs:DeleteMessage", "sqs:ChangeMessageVisibility"];

/** Whether `arn` names the store; unknown when the ARN is. */
function isSameResource(model: ResourceModel, arn: Value<string> | undefined, store: DataStore): Value<boolean> {
  return isUnknown(arn) ? arn : model.byArn(arn)?.id === store.id;
}

/** True when one is, else unknown when one is, else false. */
function anyOf(values: readonly Value<boolean>[]): Value<boolean> {
  return values.includes(true) ? true : (values.find(isUnknown) ?? false);
}

/**
 * Why a write flow is declared, or `undefined` when nothing declares it: the function's `vigil:writes` tag, an
 * approved flow, its dead-letter queue or an async / event-source-mapping destination (the role sends failed
 * events there), or only the deletes and visibility changes of consuming a queue mapped to it. A store that
 * triggers the function is no declaration: writing back into it is a loop (`lambda-trigger-loop`). Unknown when
 * nothing known declares it but a declaration could not be read (the function's tags, a destination).
 */
export function declarationOf(
  model: ResourceModel,
  flow: Flow,
  approvedFlows: readonly ApprovedFlow[] = [],
): Value<string> | undefined {
  const { from: fn, to: store } = flow;
  const writes = declaredWrites(fn);
  const mappings = model
    .triggersOf(fn)
    .flatMap((trigger) => (trigger.via.kind === "lambda.event-source-mapping" ? [trigger.via] : []));
  const consumerOnly = flow.actions.every((action) =>
    QUEUE_CONSUMER_ACTIONS.some((consumer) => actionMatches(consumer, action)),
  );
  const declarations: readonly (readonly [Value<boolean>, string])[] = [
    [isUnknown(writes) ? writes : isNamed(store, writes), `declared in the ${WRITES_TAG} tag`],
    [
      approvedFlows.some((approved) => isNamed(fn, [approved.function]) && isNamed(store, [approved.store])),
      "approved in the rule's approvedFlows option",
    ],
    [isSameResource(model, fn.deadLetterTarget, store), "the function's dead-letter queue"],
    [isSameResource(model, fn.asyncInvoke?.onFailure, store), "the function's on-failure destination"],
    [isSameResource(model, fn.asyncInvoke?.onSuccess, store), "the function's on-success destination"],
    [
      anyOf(mappings.map((m) => isSameResource(model, m.onFailure, store))),
      "an on-failure destination of the function's event-source mapping",
    ],
    [
      consumerOnly && anyOf(mappings.map((m) => isSameResource(model, m.eventSourceArn, store))),
      "consuming the queue mapped to the function",
    ],
  ];
  for (const [declares, why] of declarations) if (declares === true) return why;
  return declarations.map(([declares]) => declares).find(isUnknown);
}

/** Flows that let the function change data: write or permissions-management access. */
export function isWriteFlow(flow: Flow): boolean {
  return flow.access === "write" || flow.access === "permissions-management";
}
