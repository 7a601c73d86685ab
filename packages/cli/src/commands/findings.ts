import { FINDING_STATES, type Finding, type FindingState, SEVERITIES, type Severity } from "@vigil/core";
import { type Command, Option } from "commander";
import { EXIT } from "../exit-codes.ts";
import { addTableTargetOptions, type TableTargetOptions, withFindingsTable } from "../findings-table.ts";
import type { Colors } from "../format/table.ts";
import type { CliIo } from "../io.ts";

export interface FindingsOptions extends TableTargetOptions {
  readonly status: FindingState;
  readonly severity?: Severity;
  readonly rule?: string;
  readonly format: "table" | "json";
}

/** Adds `vigil findings` to the program: the current findings of a findings table. */
export function registerFindingsCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  colors: (enabled: boolean) => Colors,
): void {
  addTableTargetOptions(
    program
      .command("findings")
      .description("list the current findings of the deployed findings table (or the local one)"),
  )
    .addOption(new Option("--status <status>", "findings in this status").choices(FINDING_STATES).default("failing"))
    .addOption(new Option("--severity <severity>", "only this severity").choices(SEVERITIES))
    .option("--rule <id>", "only this rule")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: FindingsOptions) => {
      setExitCode(await runFindings(options, io, colors(io.stdout.isTTY === true)));
    });
}

export async function runFindings(options: FindingsOptions, io: CliIo, c: Colors): Promise<number> {
  const { FindingsStore } = await import("@vigil/aws");
  const findings = await withFindingsTable(options, io, (table) =>
    new FindingsStore(table.client, table.tableName).query({
      status: options.status,
      ...(options.severity && { severity: options.severity }),
      ...(options.rule && { ruleId: options.rule }),
    }),
  );
  io.stdout.write(
    options.format === "json" ? `${JSON.stringify(findings, null, 2)}\n` : renderFindings(findings, options.status, c),
  );
  return EXIT.ok;
}

function renderFindings(findings: readonly Finding[], status: FindingState, c: Colors): string {
  if (findings.length === 0) return `no ${status} findings\n`;
  const lines = findings.map(
    (finding) =>
      `${finding.severity.padEnd(8)} ${finding.ruleId.padEnd(40)} ${finding.resourceName ?? finding.resourceId}  ${c.dim(`since ${finding.lastChanged}`)}`,
  );
  return `${lines.join("\n")}\n\n${findings.length} ${status} finding${findings.length === 1 ? "" : "s"}\n`;
}
