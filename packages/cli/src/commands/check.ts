import { writeFileSync } from "node:fs";
import { isAbsolute, relative, resolve, sep } from "node:path";
import {
  type AnyRule,
  breaksGate,
  ConfigError,
  type EvaluationReport,
  evaluateEach,
  type InputProblem,
  type Origin,
  type ResolvedConfig,
  ResourceModel,
  type Ruleset,
  resolveConfig,
  SEVERITIES,
  toFindingsJson,
  toSarifLog,
  type UndeterminedMode,
} from "@vigil/core";
import { loadConfig } from "../config-file.ts";
import { UsageError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { type Colors, renderFindingsTable, summaryLine } from "../format/table.ts";
import type { CliIo } from "../io.ts";
import { applyRuleSelection } from "../rule-selection.ts";
import { VIGIL_INFORMATION_URI, VIGIL_VERSION } from "../version.ts";

export const CHECK_FORMATS = ["table", "json", "sarif"] as const;
export const FAIL_ON_LEVELS = [...SEVERITIES, "none"] as const;

export interface CheckOptions {
  readonly format: (typeof CHECK_FORMATS)[number];
  readonly output?: string;
  readonly failOn: (typeof FAIL_ON_LEVELS)[number];
  readonly rule: readonly string[];
  readonly skip: readonly string[];
  readonly config?: string;
  readonly param: readonly string[];
  readonly showPassing: boolean;
  readonly undetermined: UndeterminedMode;
  readonly ruleset?: Ruleset;
}

/** `--param Key=Value` pairs as template parameters. */
export function parseParameters(pairs: readonly string[]): Record<string, string> {
  const parameters: Record<string, string> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z0-9]+)=(.*)$/s.exec(pair);
    if (!match) throw new UsageError(`--param ${pair}: expected Key=Value with an alphanumeric parameter name`);
    parameters[match[1]!] = match[2]!;
  }
  return parameters;
}

/** The configuration file (or the default one found in `io.cwd`) resolved against the catalogue, for every command. */
export async function resolveCommandConfig(
  io: CliIo,
  options: {
    readonly config?: string;
    readonly rule?: readonly string[];
    readonly skip?: readonly string[];
    readonly ruleset?: Ruleset;
  },
  catalogue: readonly AnyRule[],
): Promise<ResolvedConfig> {
  const loaded = await loadConfig(io.cwd, options.config);
  const chosen = options.ruleset === undefined ? loaded.input : withRuleset(loaded.input, options.ruleset);
  const input = applyRuleSelection(chosen, catalogue, options.rule ?? [], options.skip ?? []);
  try {
    return resolveConfig(input, catalogue);
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    const source = loaded.file ?? "configuration";
    throw new ConfigError(`invalid ${source}:\n${error.message.replace(/^/gm, "  ")}`, { cause: error });
  }
}

/** `--ruleset` wins over the file's; input of the wrong shape is passed through for the config schema to report. */
function withRuleset(input: unknown, ruleset: Ruleset): unknown {
  if (input === undefined || input === null) return { ruleset };
  return typeof input === "object" && !Array.isArray(input) ? { ...input, ruleset } : input;
}

/** Paths in reports are relative to the working directory, with `/`, as SARIF and a repository expect. */
function displayPath(cwd: string, file: string): string {
  const relativePath = relative(cwd, resolve(cwd, file));
  const shown = relativePath === "" || isAbsolute(relativePath) ? file : relativePath;
  return shown.split(sep).join("/");
}

function withDisplayPaths(report: EvaluationReport, cwd: string): EvaluationReport {
  const relocate = (origin: Origin): Origin =>
    origin.type === "template" ? { ...origin, file: displayPath(cwd, origin.file) } : origin;
  return { ...report, results: report.results.map((result) => ({ ...result, origin: relocate(result.origin) })) };
}

/** The options every findings report (check, scan) takes. */
export type ReportOptions = Pick<
  CheckOptions,
  "format" | "output" | "failOn" | "showPassing" | "undetermined" | "ruleset"
>;

export function renderReport(
  report: EvaluationReport,
  config: ResolvedConfig,
  inputErrors: readonly InputProblem[],
  options: ReportOptions,
  colors: Colors,
): string {
  const { showPassing, undetermined } = options;
  switch (options.format) {
    case "table":
      return renderFindingsTable(report, { colors, showPassing, undetermined, inputErrors });
    case "json":
      return `${JSON.stringify(toFindingsJson(report, { showPassing, undetermined, inputErrors }), null, 2)}\n`;
    case "sarif": {
      const log = toSarifLog(report, config.rules, {
        toolVersion: VIGIL_VERSION,
        informationUri: VIGIL_INFORMATION_URI,
        inputErrors,
        undetermined,
      });
      return `${JSON.stringify(log, null, 2)}\n`;
    }
  }
}

/**
 * `vigil check <paths...>`: reads the templates, runs the configured rules, writes the report and returns the
 * exit code. An unreadable template is reported and the other files are still checked, but the exit code is then
 * 2: a gate must not pass on input it never saw.
 */
export async function runCheck(
  paths: readonly string[],
  options: CheckOptions,
  io: CliIo,
  catalogue: readonly AnyRule[],
  colors: (enabled: boolean) => Colors,
): Promise<number> {
  const config = await resolveCommandConfig(io, options, catalogue);
  const parameters = parseParameters(options.param);
  // Loaded here, not at start-up: the AWS package is the slowest import, and `--help` or `rules` need none of it.
  const { readTemplates } = await import("@vigil/aws");
  const read = await readTemplates(
    paths.map((path) => resolve(io.cwd, path)),
    { parameters },
  );
  const inputErrors = read.errors.map((problem) => ({ ...problem, file: displayPath(io.cwd, problem.file) }));
  for (const problem of inputErrors) {
    const at = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(":");
    io.stderr.write(`vigil: ${at}: ${problem.message}\n`);
  }
  if (read.files.length === 0 && inputErrors.length === 0) {
    throw new UsageError(`no CloudFormation template found in ${paths.join(", ")}`);
  }
  const models = read.stacks.map((stack) => new ResourceModel(stack.resources));
  const report = withDisplayPaths(evaluateEach(models, config), io.cwd);
  writeReport(
    io,
    options,
    colors,
    (enabled) => renderReport(report, config, inputErrors, options, enabled),
    () => summaryLine(report, inputErrors, options.undetermined),
  );
  if (inputErrors.length > 0) return EXIT.incomplete;
  return gateExitCode(report, options, io);
}

/** Writes a report to stdout (coloured on a terminal) or to `--output` with a summary line on stdout. */
export function writeReport(
  io: CliIo,
  options: { readonly format: string; readonly output?: string },
  colors: (enabled: boolean) => Colors,
  render: (colors: Colors) => string,
  summary: () => string,
): void {
  if (options.output === undefined) {
    io.stdout.write(render(colors(io.stdout.isTTY === true)));
    return;
  }
  try {
    writeFileSync(resolve(io.cwd, options.output), render(colors(false)));
  } catch (error) {
    throw new UsageError(`--output ${options.output}: ${(error as Error).message}`, { cause: error });
  }
  io.stdout.write(`vigil: wrote ${options.format} report to ${options.output}\n${summary()}\n`);
}

/**
 * 1 when a result breaks the `--fail-on` gate (with `--undetermined fail`, an undetermined one too), else 0; 2 when
 * there was nothing to check: a gate over zero resources proves nothing.
 */
export function gateExitCode(
  report: EvaluationReport,
  options: Pick<ReportOptions, "failOn" | "undetermined">,
  io: CliIo,
): number {
  if (report.summary.resources === 0) {
    io.stderr.write("vigil: no resources to check: the gate cannot pass on nothing\n");
    return EXIT.incomplete;
  }
  const { failOn, undetermined } = options;
  if (failOn === "none") return EXIT.ok;
  return report.results.some((result) => breaksGate(result, failOn, undetermined)) ? EXIT.findings : EXIT.ok;
}
