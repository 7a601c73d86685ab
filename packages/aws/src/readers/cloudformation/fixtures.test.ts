import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, pythonModuleAvailable, requireOracle } from "./testing.ts";

/** Every template under fixtures/, found by extension (a new fixture is linted without touching this test). */
function fixtureTemplates(dir = FIXTURES): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return fixtureTemplates(path);
    return /\.(ya?ml|template\.json)$/.test(entry.name) ? [path] : [];
  });
}

describe("fixture templates", () => {
  it("are found", () => {
    expect(fixtureTemplates().length).toBeGreaterThanOrEqual(4);
  });

  it("pass cfn-lint", (context) => {
    requireOracle(pythonModuleAvailable("cfnlint"), "cfn-lint (python3)", (note) => context.skip(note));
    // cfn-lint's console entry point, through python3 so that no PATH shim is needed.
    const entry = "import sys; from cfnlint.runner import main; sys.exit(main())";
    const lint = spawnSync("python3", ["-c", entry, "--", ...fixtureTemplates()], { encoding: "utf8" });
    expect(lint.stdout + lint.stderr).toBe("");
    expect(lint.status).toBe(0);
  });
});
