import { join } from "node:path";

/** The generated catalogues; scripts/generate-docs.test.ts fails when one is stale. */
export const RULES_DOC = join(import.meta.dirname, "..", "docs", "rules.md");
export const REMEDIATIONS_DOC = join(import.meta.dirname, "..", "docs", "remediations.md");
