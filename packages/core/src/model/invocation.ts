/**
 * How a function is invoked and what happens to failed events: asynchronous triggers, failure destinations and
 * the kind of an event-source mapping's source. Shared by the self-DoS and DoW rules.
 */

import { parseArn } from "./arn.ts";
import type { ResourceModel, Trigger, TriggerType } from "./graph.ts";
import type { LambdaFunction } from "./resources.ts";
import { isUnknown, type Unknown } from "./value.ts";

/** Triggers that invoke the function asynchronously: Lambda queues the event and retries on its own. */
export const ASYNC_TRIGGER_TYPES: readonly TriggerType[] = ["s3", "sns", "eventbridge"];

export function asyncTriggersOf(model: ResourceModel, fn: LambdaFunction): readonly Trigger[] {
  return model.triggersOf(fn).filter((trigger) => ASYNC_TRIGGER_TYPES.includes(trigger.type));
}

/**
 * Whether failed asynchronous events are kept somewhere: a dead-letter queue or an on-failure destination.
 * `true` as soon as one is known; unknown when none is known but one is unresolved.
 */
export function keepsFailedEvents(fn: LambdaFunction): boolean | Unknown {
  const targets = [fn.deadLetterTarget, fn.asyncInvoke?.onFailure].filter((t) => t !== undefined);
  if (targets.some((t) => !isUnknown(t))) return true;
  return targets.find(isUnknown) ?? false;
}

export type EventSourceType = "sqs" | "kinesis" | "dynamodb-stream" | "other";

/** The kind of source an event-source mapping reads, from its ARN. */
export function eventSourceType(eventSourceArn: string): EventSourceType {
  const arn = parseArn(eventSourceArn);
  if (arn?.service === "sqs") return "sqs";
  if (arn?.service === "kinesis") return "kinesis";
  if (arn?.service === "dynamodb" && arn.resource.includes("/stream/")) return "dynamodb-stream";
  return "other";
}

/** A short human name of a trigger for messages: `function URL`, `REST method GET /orders`. */
export function describeTrigger(trigger: Trigger): string {
  const name = typeof trigger.source.name === "string" ? trigger.source.name : trigger.source.id;
  switch (trigger.type) {
    case "function-url":
      return "function URL";
    case "rest-api":
      return `REST method ${name}`;
    case "http-api":
      return `HTTP route ${name}`;
    default:
      return `${trigger.type} ${name}`;
  }
}
