/** `npm run docs`: regenerates docs/rules.md from the rules' metadata. */
import { writeFileSync } from "node:fs";
import { RULES, renderRuleCatalogueMarkdown } from "@vigil/core";
import { RULES_DOC } from "./rules-doc.ts";

writeFileSync(RULES_DOC, renderRuleCatalogueMarkdown(RULES));
console.log(`wrote ${RULES.length} rules to docs/rules.md`);
