import type { ResourceModel } from "./graph.ts";
import type { EventSourceMapping, LambdaFunction, Resource } from "./resources.ts";

export interface Consumer {
  readonly mapping: EventSourceMapping;
  /** Absent when the mapped function is not in the model (another stack or account). */
  readonly fn?: LambdaFunction;
}

/**
 * Functions that poll `source` (a queue, stream or table stream) through event-source mappings. A mapping whose
 * source ARN is unresolved cannot be attributed to any source and is left out.
 */
export function consumersOf(model: ResourceModel, source: Resource): readonly Consumer[] {
  return model.mappingsFrom(source.arn).map((mapping) => {
    const fn = model.byArn(mapping.functionArn);
    return fn?.kind === "lambda.function" ? { mapping, fn } : { mapping };
  });
}
