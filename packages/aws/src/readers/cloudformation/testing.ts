import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** Test support: fixture paths and the Python oracles (cfn-lint, samtranslator) preinstalled in CI. */
export const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), "fixtures");

export function pythonModuleAvailable(module: string): boolean {
  return spawnSync("python3", ["-c", `import ${module}`], { encoding: "utf8" }).status === 0;
}

/** Outside CI a missing oracle skips the test with a message; in CI it fails it. */
export function requireOracle(available: boolean, what: string, skip: (note: string) => void): void {
  if (available) return;
  if (process.env.CI) throw new Error(`${what} is required in CI but not installed`);
  skip(`${what} is not installed; skipped outside CI`);
}
