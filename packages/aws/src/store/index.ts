export * from "./findings-store.ts";
export * from "./schema.ts";
export * from "./alert-threads.ts";
