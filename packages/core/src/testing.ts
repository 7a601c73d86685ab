/**
 * Test fixtures of @vigil/core for the other packages' tests and benchmarks (`@vigil/core/testing`): model
 * builders and EventBridge events as AWS delivers them. Never imported by production code.
 */
export * from "./events/event-factory.ts";
export * from "./testing/builders.ts";
export * from "./testing/findings.ts";
