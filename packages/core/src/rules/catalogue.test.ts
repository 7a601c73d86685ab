import { readdirSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ruleMetaSchema } from "../engine/rule.ts";
import { RESOURCE_KINDS } from "../model/resources.ts";
import { RULES } from "./index.ts";

const rulesDir = dirname(fileURLToPath(import.meta.url));

/** Rule files: not tests, not indexes, not the remediation plans beside them (remediation/catalogue.test.ts). */
function ruleFiles(): string[] {
  return readdirSync(rulesDir, { withFileTypes: true, recursive: true })
    .filter(
      (entry) =>
        entry.isFile() &&
        entry.name.endsWith(".ts") &&
        !entry.name.endsWith(".test.ts") &&
        !entry.name.endsWith(".remediation.ts") &&
        entry.name !== "index.ts",
    )
    .map((entry) => join(entry.parentPath, entry.name))
    .filter((file) => dirname(file) !== rulesDir);
}

describe("rule catalogue", () => {
  it("every rule's metadata validates", () => {
    for (const rule of RULES) {
      const parsed = ruleMetaSchema.safeParse(rule);
      expect(parsed.error?.issues ?? [], rule.id).toEqual([]);
      for (const kind of rule.kinds) expect(RESOURCE_KINDS, rule.id).toContain(kind);
      expect(rule.options.safeParse({}).success, `${rule.id}: options must have defaults`).toBe(true);
    }
  });

  it("ids are unique", () => {
    const ids = RULES.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("every rule file is in the catalogue under its own id, with a test beside it", async () => {
    const files = ruleFiles();
    const listed = new Set(RULES.map((r) => r.id));
    for (const file of files) {
      const id = basename(file, ".ts");
      const where = relative(rulesDir, file);
      expect(listed.has(id), `${where} is not listed in rules/index.ts`).toBe(true);
      const module = (await import(file)) as { default?: { id?: string } };
      expect(module.default?.id, `${where} must default-export the rule whose id is its file name`).toBe(id);
      const tests = readdirSync(dirname(file));
      expect(tests, `${where} has no test beside it`).toContain(`${id}.test.ts`);
    }
    expect(files.length).toBe(RULES.length);
  });
});
