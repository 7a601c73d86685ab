export * from "./finding.ts";
export * from "./finding-event.ts";
