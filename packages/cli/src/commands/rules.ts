import { type AnyRule, renderRuleCatalogueMarkdown, ruleCatalogueEntry, sortCatalogue } from "@vigil/core";
import type { Colors } from "../format/table.ts";
import { renderRulesTable } from "../format/table.ts";

export const RULES_FORMATS = ["table", "json", "markdown"] as const;
export type RulesFormat = (typeof RULES_FORMATS)[number];

export function renderRules(catalogue: readonly AnyRule[], format: RulesFormat, colors: Colors): string {
  switch (format) {
    case "table":
      return renderRulesTable(catalogue, colors);
    case "json":
      return `${JSON.stringify(sortCatalogue(catalogue).map(ruleCatalogueEntry), null, 2)}\n`;
    case "markdown":
      return renderRuleCatalogueMarkdown(catalogue);
  }
}
