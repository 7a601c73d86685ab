/** `npm run docs`: regenerates docs/rules.md and docs/remediations.md from the rules' and plans' metadata. */
import { writeFileSync } from "node:fs";
import { REMEDIATIONS, RULES, renderRemediationCatalogueMarkdown, renderRuleCatalogueMarkdown } from "@vigil/core";
import { REMEDIATIONS_DOC, RULES_DOC } from "./rules-doc.ts";

writeFileSync(RULES_DOC, renderRuleCatalogueMarkdown(RULES));
writeFileSync(REMEDIATIONS_DOC, renderRemediationCatalogueMarkdown(REMEDIATIONS, RULES));
console.log(`wrote ${RULES.length} rules to docs/rules.md, ${REMEDIATIONS.length} plans to docs/remediations.md`);
