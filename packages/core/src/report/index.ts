export * from "./asff.ts";
export * from "./catalogue.ts";
export * from "./findings.ts";
export * from "./json.ts";
export * from "./remediation.ts";
export * from "./remediations.ts";
export * from "./sarif.ts";
