export { type ConfigItemError, ConfigItemParseError } from "./items.ts";
export { type ConfigReadResult, configItemsToResources } from "./resources.ts";
export { ConfigSnapshotError, configDocumentToResources, parseConfigSnapshot, readConfigSnapshot } from "./snapshot.ts";
