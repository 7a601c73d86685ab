import { watchedApiCalls } from "./cloudtrail.ts";
import { CONFIG_RESOURCE_TYPES } from "./config-types.ts";
import { CLOUDTRAIL_DETAIL_TYPE, CONFIG_DETAIL_TYPE } from "./map-event.ts";

/** An EventBridge event pattern (the JSON a rule's `EventPattern` holds). */
export type EventPattern = Readonly<Record<string, unknown>>;

/** One capture rule on the default bus: a stable name and the pattern it matches. */
export interface CapturePattern {
  /** PascalCase, for the rule's logical name: `CloudTrailIam`, `ConfigItemChange`. */
  readonly name: string;
  readonly pattern: EventPattern;
}

/** Services whose CloudTrail event names carry an API-version suffix (`UpdateFunctionCode20150331v2`). */
const VERSIONED_EVENT_NAMES = new Set(["lambda"]);

function eventNameMatchers(service: string, names: readonly string[]): unknown[] {
  if (!VERSIONED_EVENT_NAMES.has(service)) return [...names];
  // The exact name matches unversioned calls (`CreateFunctionUrlConfig`), the prefix the versioned ones.
  return names.flatMap((name) => [name, { prefix: `${name}20` }]);
}

const pascal = (word: string) => `${word.charAt(0).toUpperCase()}${word.slice(1)}`;

/**
 * The event patterns that deliver exactly the events `refsForEvent` maps to resources: one rule per watched
 * service for successful CloudTrail API calls, and one for Config item changes of the modelled types. Derived
 * from the mapping itself, so a new event handler is captured without touching the stacks.
 */
export function capturePatterns(): readonly CapturePattern[] {
  const cloudTrail = Object.entries(watchedApiCalls())
    .filter(([, names]) => names.length > 0)
    .map(([service, names]) => ({
      name: `CloudTrail${pascal(service)}`,
      pattern: {
        source: [`aws.${service}`],
        "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
        detail: {
          eventSource: [`${service}.amazonaws.com`],
          eventName: eventNameMatchers(service, names),
          // A failed call changed nothing: not worth an invocation.
          errorCode: [{ exists: false }],
        },
      },
    }));
  const resourceType = Object.keys(CONFIG_RESOURCE_TYPES);
  const config: CapturePattern = {
    name: "ConfigItemChange",
    pattern: {
      source: ["aws.config"],
      "detail-type": [CONFIG_DETAIL_TYPE],
      detail: {
        // Oversized items carry a summary in place of the item.
        $or: [{ configurationItem: { resourceType } }, { configurationItemSummary: { resourceType } }],
      },
    },
  };
  return [...cloudTrail, config];
}
