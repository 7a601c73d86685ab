/**
 * Vitest global setup: the infra-tests run Vigil's stacks on SST's platform (`.sst/platform`), which `npm ci` does
 * not bring. When it is missing, the test run installs it the way `sst install` does offline (its providers come
 * from the npm registry), so that `npm ci && npm test` is the whole set-up on a fresh clone.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const PLATFORM = path.join(ROOT, ".sst", "platform");

/** The installed platform matches the `sst` package the lockfile pins, and has the providers the stacks import. */
function platformReady(): boolean {
  const version = path.join(PLATFORM, "version");
  const pinned = JSON.parse(readFileSync(path.join(ROOT, "node_modules", "sst", "package.json"), "utf8")).version;
  return (
    existsSync(path.join(PLATFORM, "src", "components", "index.ts")) &&
    existsSync(path.join(ROOT, ".sst", "provider-lock.json")) &&
    existsSync(version) &&
    readFileSync(version, "utf8").trim() === pinned
  );
}

export default function setup(): void {
  if (platformReady()) return;
  process.stderr.write("infra-tests: installing SST's platform (npx sst install, once per clone)…\n");
  const installed = spawnSync("npx", ["sst", "install", "--stage", "ci"], {
    cwd: ROOT,
    stdio: ["ignore", "inherit", "inherit"],
    env: { ...process.env, SST_SKIP_DEPENDENCY_CHECK: "1", SST_NO_BUN: "1", SST_TELEMETRY_DISABLED: "1" },
    timeout: 10 * 60_000,
  });
  if (installed.status !== 0 || !platformReady()) {
    throw new Error(
      "infra-tests need SST's platform in .sst/platform and `npx sst install --stage ci` failed " +
        `(${installed.error?.message ?? `exit ${installed.status}`}): it fetches the Pulumi providers from the npm ` +
        "registry, so check that the registry is reachable, then run it by hand and look at its output.",
    );
  }
}
