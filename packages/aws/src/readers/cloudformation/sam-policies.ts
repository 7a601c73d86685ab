/**
 * SAM policy templates, every one the official translator knows: `sam-policy-templates.json` is generated from its
 * `policy_templates.json` by `npx tsx scripts/generate-policy-data.ts` (translator version inside the file).
 * `{ Ref: <Parameter> }` in a definition stands for the template's parameter, as in the translator. Read from disk
 * on first use, as the AWS-managed policy documents are: the deployed functions never expand SAM.
 */
import { readFileSync } from "node:fs";

export interface SamPolicyTemplate {
  readonly parameters: readonly string[];
  readonly definition: unknown;
}

export interface SamPolicyTemplateData {
  readonly source: string;
  readonly version: string;
  readonly templates: Readonly<Record<string, SamPolicyTemplate>>;
}

const DATA_FILE = new URL("./sam-policy-templates.json", import.meta.url);
let data: SamPolicyTemplateData | undefined;

/** The generated file (our own output, checked by its test). */
export function samPolicyTemplates(): SamPolicyTemplateData {
  data ??= JSON.parse(readFileSync(DATA_FILE, "utf8")) as SamPolicyTemplateData;
  return data;
}

/** The policy document of a template call, parameters substituted; an error message when it cannot be expanded. */
export function expandPolicyTemplate(name: string, parameters: unknown): { document: unknown } | { error: string } {
  const { templates } = samPolicyTemplates();
  const template = Object.hasOwn(templates, name) ? templates[name] : undefined;
  if (!template) return { error: `${name} is not a SAM policy template` };
  const given = (typeof parameters === "object" && parameters !== null ? parameters : {}) as Record<string, unknown>;
  const missing = template.parameters.filter((p) => given[p] === undefined);
  if (missing.length > 0) return { error: `SAM policy template ${name}: missing ${missing.join(", ")}` };
  const substitute = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(substitute);
    if (typeof value !== "object" || value === null) return value;
    const ref = (value as { Ref?: unknown }).Ref;
    if (typeof ref === "string" && template.parameters.includes(ref)) return given[ref];
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v)]));
  };
  return { document: substitute(template.definition) };
}
