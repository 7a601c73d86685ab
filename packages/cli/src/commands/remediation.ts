import { userInfo } from "node:os";
import type { RemediationControlsStore } from "@vigil/aws";
import {
  checkRemediationConfig,
  type KillSwitch,
  overrideRefusal,
  parseVigilConfig,
  REMEDIATION_MODES,
  REMEDIATIONS,
  type RemediationConfig,
  type RemediationControls,
  type RemediationMode,
  runtimeMode,
} from "@vigil/core";
import { Argument, type Command, Option } from "commander";
import { loadConfig } from "../config-file.ts";
import { UsageError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import {
  addTableTargetOptions,
  namesTable,
  type OpenTable,
  type TableTargetOptions,
  withAuditedStore,
} from "../findings-table.ts";
import type { Colors } from "../format/table.ts";
import type { CliIo } from "../io.ts";

interface CommonOptions extends TableTargetOptions {
  readonly config?: string;
}

interface ChangeOptions extends CommonOptions {
  readonly by: string;
  readonly reason?: string;
}

/** Who a change is recorded as, unless `--by` says otherwise. */
export const defaultActor = () => process.env.USER ?? process.env.USERNAME ?? userInfo().username;

/** The options every command that changes a control shares: the table, the config, who and why. */
function changeCommand(command: Command): Command {
  return addTableTargetOptions(command)
    .option("--config <file>", "the configuration (default: the vigil.config.* of this directory)")
    .option("--by <who>", "who makes the change, for the audit trail (default: your user name)", defaultActor())
    .option("--reason <text>", "why, for the audit trail");
}

async function remediationConfig(io: CliIo, explicit?: string): Promise<RemediationConfig> {
  const { remediation } = parseVigilConfig((await loadConfig(io.cwd, explicit)).input);
  checkRemediationConfig(remediation, REMEDIATIONS);
  return remediation;
}

function withControls<T>(
  options: TableTargetOptions,
  io: CliIo,
  work: (controls: RemediationControlsStore, table: OpenTable) => Promise<T>,
): Promise<T> {
  return withAuditedStore(options, io, async () => (await import("@vigil/aws")).RemediationControlsStore, work);
}

/** Adds `vigil remediation list | set | reset | kill-switch`. */
export function registerRemediationCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  colors: (enabled: boolean) => Colors,
): void {
  const remediation = program
    .command("remediation")
    .description("what remediation may do per rule, switched at run time without a redeploy");

  addTableTargetOptions(
    remediation
      .command("list")
      .description(
        "each remediable rule: its mode in vigil.config.ts, at run time, its cap and the IAM actions it needs",
      ),
  )
    .option("--config <file>", "the configuration (default: the vigil.config.* of this directory)")
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: CommonOptions & { format: "table" | "json" }) => {
      const config = await remediationConfig(io, options.config);
      const controls: RemediationControls = namesTable(options)
        ? await withControls(options, io, (store) => store.read())
        : { overrides: new Map() };
      const rows = REMEDIATIONS.map((planner) => {
        const mode = runtimeMode(planner, config, controls);
        const override = controls.overrides.get(planner.ruleId);
        return {
          ruleId: planner.ruleId,
          configured: mode.configured,
          mode: mode.mode,
          source: mode.source,
          maxMode: planner.maxMode,
          optIn: planner.optIn === true,
          actions: planner.actions,
          description: planner.description,
          ...(override && { override }),
        };
      });
      if (options.format === "json") {
        const killSwitch = controls.killSwitch ?? null;
        io.stdout.write(`${JSON.stringify({ rules: rows, killSwitch, runtime: namesTable(options) }, null, 2)}\n`);
      } else {
        io.stdout.write(renderList(rows, controls.killSwitch, namesTable(options), colors(io.stdout.isTTY === true)));
      }
      setExitCode(EXIT.ok);
    });

  changeCommand(
    remediation
      .command("set")
      .description("switch a rule's remediation mode at run time (never above `off` in vigil.config.ts)")
      .argument("<rule>", "rule id (see `vigil remediation list`)")
      .addArgument(new Argument("<mode>", "off, dry-run, approve or auto").choices(REMEDIATION_MODES)),
  ).action(async (ruleId: string, mode: RemediationMode, options: ChangeOptions) => {
    const config = await remediationConfig(io, options.config);
    const planner = REMEDIATIONS.find((r) => r.ruleId === ruleId);
    const refusal = overrideRefusal(planner, ruleId, mode, config);
    if (refusal || !planner) throw new UsageError(refusal ?? `no remediation for ${ruleId}`);
    await withControls(options, io, async (store, table) => {
      await store.setMode({ ruleId, mode, by: options.by, at: new Date().toISOString(), ...reason(options) });
      const effective = runtimeMode(planner, config, await store.read());
      const capped = effective.source === "capped" ? ` (capped at ${effective.mode}: this plan needs approval)` : "";
      const killed = effective.source === "kill-switch" ? " (the kill switch is engaged: nothing changes)" : "";
      io.stdout.write(`${ruleId}: ${mode}${capped}${killed} in ${table.where}\n`);
    });
    setExitCode(EXIT.ok);
  });

  changeCommand(
    remediation
      .command("reset")
      .description("drop a rule's run-time mode: vigil.config.ts's applies again")
      .argument("<rule>", "rule id"),
  ).action(async (ruleId: string, options: ChangeOptions) => {
    const config = await remediationConfig(io, options.config);
    const planner = REMEDIATIONS.find((r) => r.ruleId === ruleId);
    if (!planner) throw new UsageError(`rule ${ruleId} has no remediation plan (see \`vigil remediation list\`)`);
    await withControls(options, io, async (store, table) => {
      await store.resetMode(ruleId, { by: options.by, at: new Date().toISOString(), ...reason(options) });
      io.stdout.write(
        `${ruleId}: ${runtimeMode(planner, config, await store.read()).mode} (from the config) in ${table.where}\n`,
      );
    });
    setExitCode(EXIT.ok);
  });

  changeCommand(
    remediation
      .command("kill-switch")
      .description("on: no remediation changes anything (plans are still posted); off: modes apply again")
      .addArgument(new Argument("<state>", "on or off").choices(["on", "off"])),
  ).action(async (state: "on" | "off", options: ChangeOptions) => {
    await withControls(options, io, async (store, table) => {
      const killSwitch: KillSwitch = {
        engaged: state === "on",
        by: options.by,
        at: new Date().toISOString(),
        ...reason(options),
      };
      await store.setKillSwitch(killSwitch);
      io.stdout.write(
        state === "on"
          ? `kill switch engaged in ${table.where}: no remediation changes anything until \`vigil remediation kill-switch off\`\n`
          : `kill switch released in ${table.where}: each rule's mode applies again\n`,
      );
    });
    setExitCode(EXIT.ok);
  });
}

const reason = (options: { reason?: string }) => (options.reason ? { reason: options.reason } : {});

interface Row {
  readonly ruleId: string;
  readonly configured: RemediationMode;
  readonly mode: RemediationMode;
  readonly source: string;
  readonly maxMode: string;
  readonly optIn: boolean;
  readonly actions: readonly string[];
  readonly override?: { readonly by: string; readonly at: string };
}

function renderList(rows: readonly Row[], killSwitch: KillSwitch | undefined, runtime: boolean, c: Colors): string {
  const width = Math.max(...rows.map((row) => row.ruleId.length)) + 2;
  const lines = [
    c.bold(`${"RULE".padEnd(width)}${"CONFIG".padEnd(10)}${"NOW".padEnd(10)}${"MAX".padEnd(9)}IAM ACTIONS`),
    ...rows.map((row) => {
      const why =
        row.source === "override" && row.override
          ? c.dim(` (set by ${row.override.by} ${row.override.at})`)
          : row.source === "capped"
            ? c.dim(" (capped)")
            : row.source === "kill-switch"
              ? c.dim(" (kill switch)")
              : "";
      const configured = `${row.configured}${row.optIn && row.configured === "off" ? "*" : ""}`;
      return `${row.ruleId.padEnd(width)}${configured.padEnd(10)}${row.mode.padEnd(10)}${row.maxMode.padEnd(9)}${row.actions.join(", ")}${why}`;
    }),
    "",
    "* opt-in: off unless vigil.config.ts names a mode (remediation.modes).",
    runtime
      ? killSwitch?.engaged
        ? c.red(
            `Kill switch ENGAGED by ${killSwitch.by} at ${killSwitch.at}${killSwitch.reason ? `: ${killSwitch.reason}` : ""}`,
          )
        : "Kill switch: off"
      : c.dim("Run-time modes and the kill switch: pass --stage <stage> (or --table, --local)."),
  ];
  return `${lines.join("\n")}\n`;
}
