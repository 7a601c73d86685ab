import { existsSync, readFileSync } from "node:fs";
import { RULES, renderRuleCatalogueMarkdown } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { RULES_DOC } from "./rules-doc.ts";

describe("docs/rules.md", () => {
  it("is what `npm run docs` generates from the rules' metadata", () => {
    const current = existsSync(RULES_DOC) ? readFileSync(RULES_DOC, "utf8") : "";
    const stale = current !== renderRuleCatalogueMarkdown(RULES);
    expect(stale, "docs/rules.md is stale: run `npm run docs`").toBe(false);
  });
});
