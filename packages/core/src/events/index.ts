export { type CapturePattern, capturePatterns, type EventPattern } from "./capture.ts";
export { normalizeEventName } from "./cloudtrail.ts";
export { CONFIG_RESOURCE_TYPES, type ConfigResourceType, isConfigResourceType } from "./config-types.ts";
export { CLOUDTRAIL_DETAIL_TYPE, CONFIG_DETAIL_TYPE, refsForEvent } from "./map-event.ts";
export { type EventRefs, partitionOf, type ResourceRef } from "./refs.ts";
