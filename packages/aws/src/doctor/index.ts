export * from "./checks.ts";
