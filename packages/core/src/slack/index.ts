export * from "./alert.ts";
export * from "./blocks.ts";
export * from "./console-link.ts";
export * from "./digest.ts";
export * from "./remediation.ts";
export * from "./routing.ts";
