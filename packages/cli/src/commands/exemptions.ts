import type { ExemptionStore, StoredExemption } from "@vigil/aws";
import { type Exemption, exemptionInForce, exemptionSchema, formatIssues, parseVigilConfig, RULES } from "@vigil/core";
import { type Command, Option } from "commander";
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
import { defaultActor } from "./remediation.ts";

interface ExemptOptions extends TableTargetOptions {
  readonly reason: string;
  readonly until: string;
  readonly by: string;
}

interface ListOptions extends TableTargetOptions {
  readonly config?: string;
  readonly all: boolean;
  readonly format: "table" | "json";
}

const DURATION = /^(\d+)([dhw])$/;
const UNIT_MS = { h: 3_600_000, d: 86_400_000, w: 7 * 86_400_000 } as const;

/** `--until`: a date, a date-time, or a duration from now (`30d`, `12h`, `2w`); always in the future. */
export function parseUntil(value: string, now: Date): string {
  const duration = DURATION.exec(value);
  const at = duration
    ? new Date(now.getTime() + Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS])
    : new Date(value);
  if (Number.isNaN(at.getTime())) {
    throw new UsageError(`--until ${value}: a date (2027-01-31), a date-time, or a duration like 30d, 12h or 2w`);
  }
  if (at.getTime() <= now.getTime()) throw new UsageError(`--until ${value}: must be in the future`);
  return at.toISOString();
}

function withExemptions<T>(
  options: TableTargetOptions,
  io: CliIo,
  work: (store: ExemptionStore, table: OpenTable) => Promise<T>,
): Promise<T> {
  return withAuditedStore(options, io, async () => (await import("@vigil/aws")).ExemptionStore, work);
}

function checkRule(rule: string): void {
  if (rule !== "*" && !RULES.some((known) => known.id === rule)) {
    throw new UsageError(`no such rule "${rule}" (see \`vigil rules\`; \`*\` means every rule)`);
  }
}

/** Adds `vigil exempt`, `vigil unexempt` and `vigil exemptions`. */
export function registerExemptionCommands(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  colors: (enabled: boolean) => Colors,
): void {
  addTableTargetOptions(
    program
      .command("exempt")
      .description("accept a finding until a date: it stops alerting, and reopens (with an alert) when that passes")
      .argument("<resource>", "resource ARN, id or name (`*` matches any run of characters)")
      .argument("<rule>", "rule id, or `*` for every rule"),
  )
    .requiredOption("--reason <text>", "why the finding is accepted (kept in the audit trail)")
    .option("--until <when>", "a date, date-time, or duration (30d, 12h, 2w)", "30d")
    .option("--by <who>", "who accepts it (default: your user name)", defaultActor())
    .action(async (resource: string, rule: string, options: ExemptOptions) => {
      checkRule(rule);
      const now = new Date();
      const parsed = exemptionSchema.safeParse({
        rule,
        resource,
        reason: options.reason,
        expires: parseUntil(options.until, now),
        by: options.by,
      });
      if (!parsed.success) throw new UsageError(formatIssues(parsed.error).replaceAll("\n", "; "));
      const exemption = parsed.data as Exemption & { by: string };
      await withExemptions(options, io, async (store, table) => {
        await store.grant({ ...exemption, grantedAt: now.toISOString(), source: "cli" });
        io.stdout.write(
          `exempted ${rule} on ${resource} until ${exemption.expires} in ${table.where}\n` +
            "Its findings close as exempted at their next evaluation (within 15 minutes, by the exemptions job).\n",
        );
      });
      setExitCode(EXIT.ok);
    });

  addTableTargetOptions(
    program
      .command("unexempt")
      .description("revoke an exemption granted with `vigil exempt` or from Slack: its findings reopen")
      .argument("<resource>", "the resource as the exemption names it")
      .argument("<rule>", "the rule as the exemption names it"),
  )
    .requiredOption("--reason <text>", "why the exemption ends (kept in the audit trail)")
    .option("--by <who>", "who revokes it (default: your user name)", defaultActor())
    .action(async (resource: string, rule: string, options: Omit<ExemptOptions, "until">) => {
      await withExemptions(options, io, async (store, table) => {
        const revoked = await store.revoke(resource, rule, {
          by: options.by,
          at: new Date().toISOString(),
          reason: options.reason,
        });
        if (!revoked) {
          throw new UsageError(
            `no exemption of ${rule} on ${resource} in ${table.where} (see \`vigil exemptions\`; those of vigil.config.ts are removed there)`,
          );
        }
        io.stdout.write(`revoked: ${rule} on ${resource}; its findings reopen within 15 minutes\n`);
      });
      setExitCode(EXIT.ok);
    });

  addTableTargetOptions(
    program
      .command("exemptions")
      .description("list exemptions: vigil.config.ts's and, with a table, those granted with `vigil exempt` or Slack"),
  )
    .option("--config <file>", "the configuration (default: the vigil.config.* of this directory)")
    .option("--all", "include expired exemptions", false)
    .addOption(new Option("--format <format>", "output format").choices(["table", "json"]).default("table"))
    .action(async (options: ListOptions) => {
      const now = new Date();
      const configured = parseVigilConfig((await loadConfig(io.cwd, options.config)).input).exemptions.map(
        (exemption) => ({ ...exemption, source: "config" as const }),
      );
      const stored: readonly StoredExemption[] = namesTable(options)
        ? await withExemptions(options, io, (store) => store.list())
        : [];
      const rows = [...configured, ...stored]
        .map((exemption) => ({ ...exemption, active: exemptionInForce(exemption, now) }))
        .filter((row) => options.all || row.active);
      io.stdout.write(
        options.format === "json"
          ? `${JSON.stringify(rows, null, 2)}\n`
          : renderExemptions(rows, colors(io.stdout.isTTY === true)),
      );
      setExitCode(EXIT.ok);
    });
}

type Row = Exemption & {
  readonly source: "config" | "cli" | "slack";
  readonly active: boolean;
  readonly grantedAt?: string;
};

function renderExemptions(rows: readonly Row[], c: Colors): string {
  if (rows.length === 0) return "no exemptions\n";
  const lines = rows.map((row) => {
    const until = row.active ? row.expires : c.dim(`${row.expires} (expired)`);
    return `${row.rule.padEnd(36)} ${row.resource}\n  until ${until} · ${row.source}${row.by ? ` · by ${row.by}` : ""} · ${row.reason}`;
  });
  return `${lines.join("\n")}\n\n${rows.length} exemption${rows.length === 1 ? "" : "s"}\n`;
}
