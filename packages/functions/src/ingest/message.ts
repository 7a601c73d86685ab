import type { ResourceRef } from "@vigil/core";

/**
 * One reference per ARN: an event naming a resource twice asks for one evaluation. A later duplicate adds what it
 * knows (a deletion) to the first.
 */
export function coalesceByArn(refs: readonly ResourceRef[]): ResourceRef[] {
  const byArn = new Map<string, ResourceRef>();
  for (const ref of refs) {
    const seen = byArn.get(ref.arn);
    byArn.set(ref.arn, seen ? { ...ref, ...seen, ...((seen.deleted ?? ref.deleted) && { deleted: true }) } : ref);
  }
  return [...byArn.values()];
}
