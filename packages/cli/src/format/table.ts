import {
  type AnyRule,
  compareResults,
  describeEvidence,
  type EvaluationReport,
  type InputProblem,
  PRACTICES,
  type RuleResult,
  resourceLabel,
  SEVERITIES,
  type Severity,
  sortCatalogue,
  templateLocation,
  type UndeterminedMode,
} from "@vigil/core";
import type pc from "picocolors";

export type Colors = ReturnType<typeof pc.createColors>;

export interface TableOptions {
  readonly colors: Colors;
  readonly showPassing: boolean;
  readonly undetermined: UndeterminedMode;
  readonly inputErrors: readonly InputProblem[];
}

function severityStyle(colors: Colors, severity: Severity): (text: string) => string {
  switch (severity) {
    case "critical":
      return (text) => colors.bold(colors.red(text));
    case "high":
      return colors.red;
    case "medium":
      return colors.yellow;
    case "low":
      return colors.cyan;
    case "info":
      return colors.dim;
  }
}

function where(result: RuleResult): string {
  const location = templateLocation(result.origin);
  if (!location) return resourceLabel(result);
  return `${location.logicalId} (${location.file}${location.line !== undefined ? `:${location.line}` : ""})`;
}

function findingLines(result: RuleResult, colors: Colors): string[] {
  const marker = result.status === "error" ? colors.magenta("!") : result.exemption ? colors.dim("~") : colors.red("✗");
  const lines = [`  ${marker} ${colors.bold(result.ruleId)}  ${where(result)}`];
  if (result.status === "error") lines.push(`      ${colors.magenta("rule error:")} ${result.message}`);
  else lines.push(`      ${result.message}`);
  for (const evidence of result.evidence) lines.push(colors.dim(`      evidence: ${describeEvidence(evidence)}`));
  if (result.exemption) {
    lines.push(colors.dim(`      exempted until ${result.exemption.expires}: ${result.exemption.reason}`));
  }
  return lines;
}

export function summaryLine(
  report: EvaluationReport,
  inputErrors: readonly InputProblem[],
  undetermined: UndeterminedMode,
): string {
  const { summary } = report;
  const failures = SEVERITIES.map((severity) => [severity, summary.failuresBySeverity[severity]] as const).filter(
    ([, count]) => count > 0,
  );
  const totalFailures = failures.reduce((sum, [, count]) => sum + count, 0);
  const parts = [
    `${summary.resources} resources, ${summary.rules} rules`,
    `${totalFailures} failures${failures.length > 0 ? ` (${failures.map(([s, n]) => `${n} ${s}`).join(", ")})` : ""}`,
    `${summary.exempted} exempted`,
    `${summary.byStatus.error} rule errors`,
    `${summary.byStatus.undetermined} undetermined (${UNDETERMINED_GATE[undetermined]})`,
    `${summary.byStatus.pass} passed`,
    `${summary.byStatus.not_applicable} not applicable`,
  ];
  if (inputErrors.length > 0) parts.push(`${inputErrors.length} input errors (not checked)`);
  return parts.join(" · ");
}

const UNDETERMINED_GATE: Record<UndeterminedMode, string> = {
  fail: "failing the gate",
  warn: "not gating",
  ignore: "not listed",
};

/**
 * The terminal report: failures and rule errors grouped by severity, most severe first; then what could not be
 * decided (unless ignored), passing results on request, and a summary line.
 */
export function renderFindingsTable(report: EvaluationReport, options: TableOptions): string {
  const { colors } = options;
  const sorted = [...report.results].sort(compareResults);
  const out: string[] = [];
  for (const problem of options.inputErrors) {
    const at = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(":");
    out.push(`${colors.magenta("input error")} ${at}: ${problem.message}`);
  }
  if (out.length > 0) out.push("");
  for (const severity of SEVERITIES) {
    const group = sorted.filter(
      (result) => result.severity === severity && (result.status === "fail" || result.status === "error"),
    );
    if (group.length === 0) continue;
    out.push(severityStyle(colors, severity)(`${severity.toUpperCase()} (${group.length})`));
    for (const result of group) out.push(...findingLines(result, colors));
    out.push("");
  }
  const undetermined = options.undetermined === "ignore" ? [] : sorted.filter((r) => r.status === "undetermined");
  if (undetermined.length > 0) {
    out.push(colors.yellow(`UNDETERMINED (${undetermined.length})`));
    for (const result of undetermined) {
      out.push(
        `  ${colors.yellow("?")} ${colors.bold(result.ruleId)}  ${where(result)}  ${colors.dim(result.severity)}`,
      );
      out.push(`      ${result.message}`);
    }
    out.push("");
  }
  if (options.showPassing) {
    for (const [status, title] of [
      ["pass", "PASSED"],
      ["not_applicable", "NOT APPLICABLE"],
    ] as const) {
      const group = sorted.filter((result) => result.status === status);
      if (group.length === 0) continue;
      out.push(colors.green(`${title} (${group.length})`));
      for (const result of group) {
        const mark = status === "pass" ? colors.green("✓") : colors.dim("-");
        out.push(
          `  ${mark} ${result.ruleId}  ${where(result)}${result.message ? colors.dim(`  ${result.message}`) : ""}`,
        );
      }
      out.push("");
    }
  }
  const { byStatus, resources } = report.summary;
  if (resources === 0) out.push(colors.magenta("No resources found: nothing was checked."));
  else if (byStatus.fail === 0 && byStatus.error === 0) {
    out.push(
      byStatus.undetermined === 0
        ? colors.green("No failures.")
        : colors.yellow(
            `No failures found, but ${byStatus.undetermined} result${byStatus.undetermined === 1 ? "" : "s"} could not be decided.`,
          ),
    );
  }
  out.push(summaryLine(report, options.inputErrors, options.undetermined));
  return `${out.join("\n")}\n`;
}

/** `vigil rules`: one line per rule, by practice. */
export function renderRulesTable(rules: readonly AnyRule[], colors: Colors): string {
  const sorted = sortCatalogue(rules);
  const idWidth = Math.max(...sorted.map((rule) => rule.id.length), 4);
  const out: string[] = [];
  for (const [number, name] of Object.entries(PRACTICES)) {
    const ofPractice = sorted.filter((rule) => rule.practice === Number(number));
    if (ofPractice.length === 0) continue;
    out.push(colors.bold(`${number}. ${name}`));
    for (const rule of ofPractice) {
      const severity = severityStyle(colors, rule.severity)(rule.severity.padEnd(8));
      const set = rule.ruleset === "strict" ? colors.dim(" (strict)") : "";
      out.push(`  ${rule.id.padEnd(idWidth)}  ${severity}  ${rule.title}${set}`);
    }
    out.push("");
  }
  const strict = sorted.filter((rule) => rule.ruleset === "strict").length;
  out.push(
    `${sorted.length} rules (${strict} strict: run with --ruleset strict). Details: vigil rules --format markdown, or docs/rules.md.`,
  );
  return `${out.join("\n")}\n`;
}
