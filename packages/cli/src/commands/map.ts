import { readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { readTemplates } from "@vigil/aws";
import {
  type AnyRule,
  type AppMap,
  buildAppMap,
  diffFlows,
  evaluate,
  type FlowDiff,
  isAppMapJson,
  type MapFlow,
  mapFlows,
  parseAppMapJson,
  type Resource,
  ResourceModel,
  RULES,
  renderAppMapJson,
  renderDot,
  renderHtml,
  renderMermaid,
} from "@vigil/core";
import { type Command, Option } from "commander";
import { UsageError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import type { CliIo } from "../io.ts";
import { parseParameters, resolveCommandConfig } from "./check.ts";

export const MAP_FORMATS = ["mermaid", "dot", "json", "html", "table"] as const;
export type MapFormat = (typeof MAP_FORMATS)[number];

export interface MapOptions {
  /** Default: `mermaid` for a map, `table` for `--diff`. */
  readonly format?: MapFormat;
  readonly output?: string;
  readonly diff: boolean;
  readonly config?: string;
  readonly param: readonly string[];
}

const collect = (value: string, previous: readonly string[]) => [...previous, value];

/** Adds `vigil map` to the program; the action sets the exit code. */
export function registerMapCommand(program: Command, io: CliIo, setExitCode: (code: number) => void): void {
  program
    .command("map")
    .description(
      "map functions, their triggers, roles and the data stores they can read or write (--diff: new and removed flows)",
    )
    .argument("<paths...>", "template files or directories; with --diff: <old> <new>, each templates or a JSON map")
    .addOption(
      new Option(
        "--format <format>",
        "mermaid | dot | json | html (default mermaid); with --diff: table | json",
      ).choices(MAP_FORMATS),
    )
    .option("--output <file>", "write to a file instead of stdout")
    .option("--diff", "compare two maps and list new and removed flows", false)
    .option("--config <file>", "configuration file (default: vigil.config.{ts,js,json,yaml,yml} here)")
    .option("--param <Key=Value>", "template parameter value (repeatable)", collect, [])
    .action(async (paths: string[], options: MapOptions) => {
      setExitCode(await runMap(paths, options, io, RULES));
    });
}

/**
 * `vigil map <paths...>`: the app map of the templates, with each node's findings (from the configured rules)
 * for the HTML page. `vigil map --diff <old> <new>`: the flows that appear or disappear. Exit code 0, or 2 when
 * an input could not be read (the map is still written from what could).
 */
export async function runMap(
  paths: readonly string[],
  options: MapOptions,
  io: CliIo,
  catalogue: readonly AnyRule[],
): Promise<number> {
  const reader = new InputReader(io, parseParameters(options.param));
  let text: string;
  if (options.diff) {
    if (paths.length !== 2) throw new UsageError(`map --diff takes two inputs, <old> <new>; got ${paths.length}`);
    const format = options.format ?? "table";
    if (format !== "table" && format !== "json") throw new UsageError("map --diff writes --format table or json");
    const diff = diffFlows(await reader.flows(paths[0]!), await reader.flows(paths[1]!));
    text = format === "json" ? renderDiffJson(diff) : renderDiffTable(diff);
  } else {
    const format = options.format ?? "mermaid";
    if (format === "table")
      throw new UsageError("--format table is for map --diff; a map is mermaid, dot, json or html");
    const config = await resolveCommandConfig(io, options, catalogue);
    const model = new ResourceModel(await reader.resources(paths));
    const map = buildAppMap(model, { results: evaluate(model, config).results });
    reportUndetermined(io, map);
    text = renderMap(map, format, paths.join(" "));
  }
  if (options.output === undefined) io.stdout.write(text);
  else {
    writeFileSync(resolve(io.cwd, options.output), text);
    io.stdout.write(`vigil: wrote ${options.diff ? "flow diff" : "map"} to ${options.output}\n`);
  }
  return reader.incomplete ? EXIT.incomplete : EXIT.ok;
}

function renderMap(map: AppMap, format: Exclude<MapFormat, "table">, title: string): string {
  switch (format) {
    case "mermaid":
      return renderMermaid(map);
    case "dot":
      return renderDot(map);
    case "json":
      return renderAppMapJson(map);
    case "html":
      return renderHtml(map, { title });
  }
}

const MAX_UNDETERMINED_SHOWN = 5;

/** Flows the map may miss, on stderr so that piped Mermaid stays clean. */
function reportUndetermined(io: CliIo, map: AppMap): void {
  if (map.undetermined.length === 0) return;
  io.stderr.write(`vigil: some flows cannot be told (${map.undetermined.length}):\n`);
  for (const reason of map.undetermined.slice(0, MAX_UNDETERMINED_SHOWN)) io.stderr.write(`  ${reason}\n`);
  if (map.undetermined.length > MAX_UNDETERMINED_SHOWN) {
    io.stderr.write(`  … and ${map.undetermined.length - MAX_UNDETERMINED_SHOWN} more (see --format json)\n`);
  }
}

/** Reads templates (or, for a diff side, a JSON map), reporting unreadable files on stderr. */
class InputReader {
  /** Set when some input could not be read: the exit code is then 2. */
  incomplete = false;

  constructor(
    private readonly io: CliIo,
    private readonly parameters: Record<string, string>,
  ) {}

  async resources(paths: readonly string[]) {
    const read = await readTemplates(
      paths.map((path) => resolve(this.io.cwd, path)),
      { parameters: this.parameters },
    );
    for (const problem of read.errors) {
      const at = [problem.file, problem.line, problem.column].filter((part) => part !== undefined).join(":");
      this.io.stderr.write(`vigil: cannot read ${at}: ${problem.message}\n`);
    }
    if (read.errors.length > 0) this.incomplete = true;
    if (read.files.length === 0 && read.errors.length === 0) {
      throw new UsageError(`no CloudFormation template found in ${paths.join(", ")}`);
    }
    return this.#oneApp(read.resources);
  }

  /** A map draws the stacks as one app: a resource id that two stacks define is drawn once, and said. */
  #oneApp(resources: readonly Resource[]): Resource[] {
    const byId = new Map<string, Resource>();
    for (const resource of resources) {
      if (!byId.has(resource.id)) byId.set(resource.id, resource);
      else {
        this.io.stderr.write(`vigil: ${resource.id} is defined by more than one stack; drawn once\n`);
        this.incomplete = true;
      }
    }
    return [...byId.values()];
  }

  /** The flows of one side of a diff: a map written with `--format json`, else templates. */
  async flows(path: string): Promise<MapFlow[]> {
    const written = readWrittenMap(resolve(this.io.cwd, path));
    if (written !== undefined) return mapFlows(written);
    return mapFlows(buildAppMap(new ResourceModel(await this.resources([path]))));
  }
}

function readWrittenMap(path: string) {
  if (!path.endsWith(".json")) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, "utf8"));
  } catch {
    return undefined; // Not JSON we can read here: the template reader reports it.
  }
  if (!isAppMapJson(parsed)) return undefined;
  try {
    return parseAppMapJson(parsed);
  } catch (error) {
    throw new UsageError(`${path}: ${(error as Error).message}`, { cause: error });
  }
}

function renderDiffTable({ added, removed }: FlowDiff<MapFlow>): string {
  if (added.length === 0 && removed.length === 0) return "No flow added or removed.\n";
  const rows = [...added.map((flow) => ["+", flow] as const), ...removed.map((flow) => ["-", flow] as const)].map(
    ([sign, flow]) => [sign, flow.access, flow.from.label, flow.to.label, flow.actions.join(", ")],
  );
  const header = ["", "ACCESS", "FUNCTION", "DATA STORE", "ACTIONS"];
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]!.length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column]!)))
      .join("  ")
      .trimEnd();
  const plural = (count: number) => `${count} flow${count === 1 ? "" : "s"}`;
  return `${[line(header), ...rows.map(line)].join("\n")}\n\n${plural(added.length)} added, ${plural(removed.length)} removed\n`;
}

function renderDiffJson({ added, removed }: FlowDiff<MapFlow>): string {
  const entry = (flow: MapFlow) => ({
    function: flow.from,
    dataStore: flow.to,
    access: flow.access,
    actions: flow.actions,
  });
  return `${JSON.stringify({ added: added.map(entry), removed: removed.map(entry) }, null, 2)}\n`;
}
