export type { CliIo, OutputStream } from "./io.ts";
export { main } from "./main.ts";
