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
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "threads",
  },
});
