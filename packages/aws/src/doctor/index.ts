export * from "./checks.ts";
export * from "./names.ts";
