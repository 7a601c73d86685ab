import type { ExpectedApp, ExpectedRow } from "./expected.ts";

/** A failing finding of either tool: the resource as the tool names it and the rule that fired. */
export interface Finding {
  readonly resource: string;
  readonly ruleId: string;
  readonly message?: string;
}

export type Tool = "vigil" | "cdkNag";

export interface AppScore {
  readonly app: string;
  readonly verdict: ExpectedApp["verdict"];
  readonly rows: number;
  readonly matchedRows: number;
  readonly findings: number;
  readonly matchedFindings: number;
  readonly missed: readonly ExpectedRow[];
  readonly unmatched: readonly Finding[];
}

export interface ToolFigures {
  readonly apps: number;
  readonly rows: number;
  readonly matchedRows: number;
  readonly findings: number;
  readonly matchedFindings: number;
  readonly benignApps: number;
  readonly benignFindings: number;
  /** matched rows / all rows; a row naming no rule of the tool counts as missed. */
  readonly recall: number;
  /** findings matching a row / all failing findings. */
  readonly precision: number;
  readonly findingsPerBenignApp: number;
}

/** A finding matches a row when it is on the row's resource and its rule is one the row names for that tool. */
function matches(row: ExpectedRow, finding: Finding, tool: Tool): boolean {
  const rules = tool === "vigil" ? row.vigil : row.cdkNag;
  return row.resource === finding.resource && rules.includes(finding.ruleId);
}

export function scoreApp(app: string, expected: ExpectedApp, findings: readonly Finding[], tool: Tool): AppScore {
  const missed = expected.rows.filter((row) => !findings.some((finding) => matches(row, finding, tool)));
  const unmatched = findings.filter((finding) => !expected.rows.some((row) => matches(row, finding, tool)));
  return {
    app,
    verdict: expected.verdict,
    rows: expected.rows.length,
    matchedRows: expected.rows.length - missed.length,
    findings: findings.length,
    matchedFindings: findings.length - unmatched.length,
    missed,
    unmatched,
  };
}

const ratio = (part: number, whole: number) => (whole === 0 ? 1 : part / whole);
const sum = (scores: readonly AppScore[], field: "rows" | "matchedRows" | "findings" | "matchedFindings") =>
  scores.reduce((total, score) => total + score[field], 0);

export function figures(scores: readonly AppScore[]): ToolFigures {
  const benign = scores.filter((score) => score.verdict === "benign");
  const rows = sum(scores, "rows");
  const findings = sum(scores, "findings");
  const benignFindings = sum(benign, "findings");
  return {
    apps: scores.length,
    rows,
    matchedRows: sum(scores, "matchedRows"),
    findings,
    matchedFindings: sum(scores, "matchedFindings"),
    benignApps: benign.length,
    benignFindings,
    recall: ratio(sum(scores, "matchedRows"), rows),
    precision: ratio(sum(scores, "matchedFindings"), findings),
    findingsPerBenignApp: benign.length === 0 ? 0 : benignFindings / benign.length,
  };
}
