export * from "./engine/config.ts";
export * from "./engine/engine.ts";
export * from "./engine/rule.ts";
export * from "./iam/normalize.ts";
export * from "./model/graph.ts";
export * from "./model/policy.ts";
export * from "./model/resources.ts";
export * from "./model/value.ts";
export { RULES } from "./rules/index.ts";
