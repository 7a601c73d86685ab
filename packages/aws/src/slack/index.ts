export * from "./errors.ts";
export * from "./poster.ts";
