import { join } from "node:path";

/** The generated rule catalogue; scripts/generate-docs.test.ts fails when it is stale. */
export const RULES_DOC = join(import.meta.dirname, "..", "docs", "rules.md");
