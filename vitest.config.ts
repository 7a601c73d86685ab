import { defineConfig } from "vitest/config";

// One configuration for the whole repository: unit tests beside the code in packages/*,
// infrastructure tests under infra-tests/.
export default defineConfig({
  test: {
    include: [
      "packages/*/src/**/*.test.ts",
      "packages/*/test/**/*.test.ts",
      "infra-tests/**/*.test.ts",
      "examples/**/*.test.ts",
      "scripts/**/*.test.ts",
    ],
    // Installs SST's platform for the infra-tests when a fresh clone lacks it: `npm ci && npm test` is the set-up.
    globalSetup: ["infra-tests/global-setup.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "threads",
  },
});
