import { existsSync, readFileSync } from "node:fs";
import { REMEDIATIONS, RULES, renderRemediationCatalogueMarkdown, renderRuleCatalogueMarkdown } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { REMEDIATIONS_DOC, RULES_DOC } from "./rules-doc.ts";

const current = (file: string) => (existsSync(file) ? readFileSync(file, "utf8") : "");

describe("generated docs", () => {
  it("docs/rules.md is what `npm run docs` generates from the rules' metadata", () => {
    const stale = current(RULES_DOC) !== renderRuleCatalogueMarkdown(RULES);
    expect(stale, "docs/rules.md is stale: run `npm run docs`").toBe(false);
  });

  it("docs/remediations.md is what `npm run docs` generates from the plans' metadata", () => {
    const stale = current(REMEDIATIONS_DOC) !== renderRemediationCatalogueMarkdown(REMEDIATIONS, RULES);
    expect(stale, "docs/remediations.md is stale: run `npm run docs`").toBe(false);
  });
});
