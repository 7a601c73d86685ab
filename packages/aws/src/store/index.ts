export * from "./findings-store.ts";
export * from "./schema.ts";
