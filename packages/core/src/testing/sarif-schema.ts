import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import AjvDraft04 from "ajv-draft-04";
import addFormats from "ajv-formats";

/**
 * Validator for the SARIF 2.1.0 JSON schema as published by Microsoft (rtm.5, draft-04), shipped in
 * @microsoft/jest-sarif; returns the schema errors as readable lines, empty when the log is valid.
 */
export function sarifSchemaErrors(log: unknown): string[] {
  const schemaPath = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  // unicodeRegExp off: this schema's `language` pattern is not a valid Unicode-mode regular expression.
  const ajv = new AjvDraft04.default({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  const validate = ajv.compile(JSON.parse(readFileSync(schemaPath, "utf8")));
  if (validate(log)) return [];
  return (validate.errors ?? []).map((error) => `${error.instancePath || "(root)"} ${error.message}`);
}
