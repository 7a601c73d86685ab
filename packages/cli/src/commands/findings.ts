import { existsSync } from "node:fs";
import { resolve } from "node:path";
import { FINDING_STATES, type Finding, type FindingState, SEVERITIES, type Severity } from "@vigil/core";
import { type Command, Option } from "commander";
import { UsageError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import type { Colors } from "../format/table.ts";
import type { CliIo } from "../io.ts";
import { LOCAL_TABLE_DIR, LOCAL_TABLE_NAME } from "./local.ts";

export interface FindingsOptions {
  readonly local: boolean;
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
  program
    .command("findings")
    .description("list the current findings a findings table holds (today: the one `vigil local` kept)")
    .option("--local", "read the table `vigil local` kept in .vigil/local", false)
    .addOption(new Option("--status <status>", "findings in this status").choices(FINDING_STATES).default("failing"))
    .addOption(new Option("--severity <severity>", "only this severity").choices(SEVERITIES))
    .option("--rule <id>", "only this rule")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: FindingsOptions) => {
      setExitCode(await runFindings(options, io, colors(io.stdout.isTTY === true)));
    });
}

export async function runFindings(options: FindingsOptions, io: CliIo, c: Colors): Promise<number> {
  if (!options.local) {
    throw new UsageError("only --local is supported yet: the deployed table is read with the AWS console or CLI");
  }
  const { FindingsStore } = await import("@vigil/aws");
  const { LocalTableMissingError, startLocalFindingsTable } = await import("@vigil/aws/local");
  const missing = () => new UsageError("no local findings here: run `npx vigil local` first (in this directory)");
  // Opening a directory that does not exist would create an empty store there.
  if (!existsSync(resolve(io.cwd, LOCAL_TABLE_DIR))) throw missing();
  let table: Awaited<ReturnType<typeof startLocalFindingsTable>>;
  try {
    table = await startLocalFindingsTable(LOCAL_TABLE_NAME, { path: resolve(io.cwd, LOCAL_TABLE_DIR), existing: true });
  } catch (error) {
    if (error instanceof LocalTableMissingError) throw missing();
    throw error;
  }
  try {
    const findings = await new FindingsStore(table.client, table.tableName).query({
      status: options.status,
      ...(options.severity && { severity: options.severity }),
      ...(options.rule && { ruleId: options.rule }),
    });
    io.stdout.write(
      options.format === "json"
        ? `${JSON.stringify(findings, null, 2)}\n`
        : renderFindings(findings, options.status, c),
    );
    return EXIT.ok;
  } finally {
    await table.close();
  }
}

function renderFindings(findings: readonly Finding[], status: FindingState, c: Colors): string {
  if (findings.length === 0) return `no ${status} findings\n`;
  const lines = findings.map(
    (finding) =>
      `${finding.severity.padEnd(8)} ${finding.ruleId.padEnd(40)} ${finding.resourceName ?? finding.resourceId}  ${c.dim(`since ${finding.lastChanged}`)}`,
  );
  return `${lines.join("\n")}\n\n${findings.length} ${status} finding${findings.length === 1 ? "" : "s"}\n`;
}
