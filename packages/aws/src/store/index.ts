export * from "./alert-threads.ts";
export * from "./audit-log.ts";
export * from "./exemption-store.ts";
export * from "./findings-store.ts";
export * from "./local-stream.ts";
export * from "./remediation-controls.ts";
export * from "./remediation-records.ts";
export * from "./schema.ts";
