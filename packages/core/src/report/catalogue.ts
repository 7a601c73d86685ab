import type { AnyRule, Mappings, Practice } from "../engine/rule.ts";
import { PRACTICES, type Remediation, type Ruleset, type Severity } from "../engine/rule.ts";
import type { ResourceKind } from "../model/resources.ts";
import { severityRank } from "./findings.ts";
import { remediationMarkdown } from "./remediation.ts";

/** A rule as `vigil rules --format json` lists it. */
export interface RuleCatalogueEntry {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly practice: Practice;
  readonly practiceName: string;
  readonly ruleset: Ruleset;
  readonly kinds: readonly ResourceKind[];
  readonly rationale: string;
  readonly remediation: Remediation;
  readonly mappings: Mappings;
  /** The options with their defaults (what `{}` parses to). */
  readonly options: unknown;
}

export function ruleCatalogueEntry(rule: AnyRule): RuleCatalogueEntry {
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    practice: rule.practice,
    practiceName: PRACTICES[rule.practice],
    ruleset: rule.ruleset,
    kinds: rule.kinds,
    rationale: rule.rationale,
    remediation: rule.remediation,
    mappings: rule.mappings,
    options: rule.options.parse({}),
  };
}

/** By practice, then most severe first, then id: the order of every catalogue listing. */
export function sortCatalogue(rules: readonly AnyRule[]): AnyRule[] {
  return [...rules].sort(
    (a, b) =>
      a.practice - b.practice || severityRank(a.severity) - severityRank(b.severity) || a.id.localeCompare(b.id),
  );
}

const PRACTICE_NUMBERS = Object.keys(PRACTICES).map(Number) as Practice[];

function mappingsText(mappings: Mappings): string {
  const parts = [
    ...(mappings.owasp ?? []).map((id) => `OWASP ${id}`),
    ...(mappings.sas ?? []).map((id) => id),
    ...(mappings.fsbp ?? []).map((id) => `FSBP ${id}`),
  ];
  return parts.length > 0 ? parts.join(", ") : "—";
}

const RULESET_TEXT: Record<Ruleset, string> = {
  recommended: "runs by default (recommended)",
  strict: "runs with `ruleset: strict` only",
};

const cell = (text: string) => text.replace(/\|/g, "\\|");

function ruleSection(rule: AnyRule): string {
  const entry = ruleCatalogueEntry(rule);
  const options = Object.entries((entry.options ?? {}) as Record<string, unknown>);
  const lines = [
    `### \`${rule.id}\``,
    "",
    `**${rule.title}** — severity **${rule.severity}**; ${RULESET_TEXT[rule.ruleset]}; resources: ${rule.kinds.map((kind) => `\`${kind}\``).join(", ")}; mappings: ${mappingsText(rule.mappings)}.`,
    "",
    rule.rationale,
    "",
    remediationMarkdown(rule.remediation),
  ];
  if (options.length > 0) {
    lines.push(
      "",
      `Options (\`rules.${rule.id}.options\`):`,
      "",
      ...options.map(([name, value]) => `- \`${name}\`: default \`${JSON.stringify(value)}\``),
    );
  }
  return lines.join("\n");
}

/**
 * docs/rules.md, generated from the rules' metadata (`npm run docs`): per practice, a table of its rules and then
 * each rule's rationale and remediation. Deterministic, so that a test can tell when the file is stale.
 */
export function renderRuleCatalogueMarkdown(rules: readonly AnyRule[]): string {
  const sorted = sortCatalogue(rules);
  const out = [
    "# Rules",
    "",
    "<!-- Generated from the rules' metadata by `npm run docs`; do not edit by hand. -->",
    "",
    `Vigil has ${sorted.length} rules across nine practices. \`vigil rules\` lists them; configure them in ` +
      "`vigil.config.*` (see [configuration.md](configuration.md)). Mappings: OWASP = OWASP Serverless Top 10, " +
      "SAS = CSA/PureSec Serverless Top 10, FSBP = AWS Security Hub Foundational Security Best Practices.",
    "",
    "Rule sets: **recommended** rules run by default — what a careful reviewer raises on any serverless app. " +
      "**strict** rules run with `ruleset: strict` in the configuration (or `--ruleset strict`), or when enabled " +
      "by name: hygiene worth enforcing on some apps, noise on most.",
    "",
  ];
  for (const practice of PRACTICE_NUMBERS) {
    const ofPractice = sorted.filter((rule) => rule.practice === practice);
    out.push(`## ${practice}. ${PRACTICES[practice]}`, "");
    if (ofPractice.length === 0) {
      out.push("_No rule yet._", "");
      continue;
    }
    out.push("| Rule | Title | Severity | Set | Resources | Mappings |", "| --- | --- | --- | --- | --- | --- |");
    for (const rule of ofPractice) {
      out.push(
        `| [\`${rule.id}\`](#${rule.id}) | ${cell(rule.title)} | ${rule.severity} | ${rule.ruleset} | ${rule.kinds.join(", ")} | ${mappingsText(rule.mappings)} |`,
      );
    }
    out.push("");
    for (const rule of ofPractice) out.push(ruleSection(rule), "");
  }
  return `${out.join("\n").trimEnd()}\n`;
}
