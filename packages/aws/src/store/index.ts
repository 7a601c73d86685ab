export * from "./alert-threads.ts";
export * from "./findings-store.ts";
export * from "./local-stream.ts";
export * from "./schema.ts";
