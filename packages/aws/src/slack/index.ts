export * from "./poster.ts";
