import type { AppScore, Finding, ToolFigures } from "./score.ts";

export interface ToolResult {
  readonly label: string;
  readonly figures: ToolFigures;
  readonly scores: readonly AppScore[];
}

const percent = (value: number) => `${(value * 100).toFixed(1)} %`;

function table(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

export function summaryTable(tools: readonly ToolResult[]): string[] {
  return table(
    [
      "Tool",
      "Recall",
      "Precision",
      "Failing findings per benign app",
      "Apps scored",
      "Rows matched",
      "Findings matched",
    ],
    tools.map(({ label, figures: f }) => [
      label,
      percent(f.recall),
      percent(f.precision),
      f.findingsPerBenignApp.toFixed(1),
      `${f.apps} (${f.benignApps} benign)`,
      `${f.matchedRows} / ${f.rows}`,
      `${f.matchedFindings} / ${f.findings}`,
    ]),
  );
}

/** One line per app: rows caught and findings raised by each tool. */
export function perAppTable(tools: readonly ToolResult[]): string[] {
  const apps = [...new Set(tools.flatMap((tool) => tool.scores.map((score) => score.app)))].sort();
  const cell = (tool: ToolResult, app: string) => {
    const score = tool.scores.find((s) => s.app === app);
    return score ? `${score.matchedRows}/${score.rows} rows, ${score.findings} findings` : "not scored";
  };
  const verdict = (app: string) => tools.flatMap((t) => t.scores).find((s) => s.app === app)?.verdict ?? "";
  return table(
    ["App", "Kind", ...tools.map((tool) => tool.label)],
    apps.map((app) => [app, verdict(app), ...tools.map((tool) => cell(tool, app))]),
  );
}

/** Counts by rule: which rules raise the findings no row expects, and which rules the missed rows name. */
export function byRule(tool: ToolResult): string[] {
  const unmatched = new Map<string, number>();
  for (const finding of tool.scores.flatMap((score) => score.unmatched)) {
    unmatched.set(finding.ruleId, (unmatched.get(finding.ruleId) ?? 0) + 1);
  }
  const missed = new Map<string, number>();
  for (const row of tool.scores.flatMap((score) => score.missed)) {
    const named = (tool.label === "Vigil" ? row.vigil : row.cdkNag).join(" or ") || "— (no rule)";
    missed.set(named, (missed.get(named) ?? 0) + 1);
  }
  const sorted = (counts: Map<string, number>) =>
    [...counts].sort(([a, x], [b, y]) => y - x || a.localeCompare(b)).map(([rule, n]) => `${rule} ${n}`);
  return [
    `${tool.label}: findings no row expects, by rule: ${sorted(unmatched).join(", ") || "none"}`,
    `${tool.label}: rows missed, by the rule(s) they name: ${sorted(missed).join(", ") || "none"}`,
  ];
}

const findingLine = (finding: Finding) =>
  `    + ${finding.resource} ${finding.ruleId}${finding.message ? `: ${finding.message}` : ""}`;

/** `--verbose`: per app, the rows a tool missed and the findings that match no row. */
export function details(tool: ToolResult): string[] {
  return tool.scores
    .filter((score) => score.missed.length > 0 || score.unmatched.length > 0)
    .flatMap((score) => [
      `  ${score.app}:`,
      ...score.missed.map((row) => `    - missed ${row.resource}: ${row.weakness} (EXPECTED.md line ${row.line})`),
      ...score.unmatched.map(findingLine),
    ]);
}
