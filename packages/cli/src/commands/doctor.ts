import type { CheckStatus, DoctorCheck, DoctorClients } from "@vigil/aws";
import { parseVigilConfig, type SlackRouting } from "@vigil/core";
import { type Command, Option } from "commander";
import { callerSettings, credentialsAdvice } from "../aws-caller.ts";
import { loadConfig } from "../config-file.ts";
import { EXIT } from "../exit-codes.ts";
import type { Colors } from "../format/table.ts";
import type { CliIo } from "../io.ts";

export const DOCTOR_FORMATS = ["table", "json"] as const;

export interface DoctorCommandOptions {
  readonly profile?: string;
  readonly region?: string;
  readonly stage?: string;
  readonly app: string;
  readonly config?: string;
  readonly format: (typeof DOCTOR_FORMATS)[number];
}

/** Clients for a region; tests pass stubbed ones. */
export type DoctorClientFactory = (settings: {
  region: string;
  credentials?: DoctorClients["sts"]["config"]["credentials"];
}) => DoctorClients;

const MARK: Readonly<Record<CheckStatus, string>> = { ok: "✓", warn: "!", fail: "✗", skip: "-" };

/** Adds `vigil doctor` to the program; the action sets the exit code. */
export function registerDoctorCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  colors: (enabled: boolean) => Colors,
  clientsFor?: DoctorClientFactory,
): void {
  program
    .command("doctor")
    .description(
      "check that Vigil can work in this account and region (and, with --stage, that its deployment is healthy)",
    )
    .option("--profile <name>", "AWS profile of the shared config files (default: the SDK's credential chain)")
    .option("--region <region>", "region to check (default from AWS_REGION or the profile)")
    .option("--stage <stage>", "the deployed stage to inspect (as in `npx sst deploy --stage <stage>`)")
    .option("--app <name>", "the SST app name", "vigil")
    .option("--config <file>", "the configuration deployed (default: the vigil.config.* of this directory)")
    .addOption(new Option("--format <format>", "output format").choices(DOCTOR_FORMATS).default("table"))
    .addHelpText(
      "after",
      "\nChecks: credentials; a CloudTrail trail logging write management events here (without it EventBridge gets no\n" +
        "change events) and in us-east-1 (IAM's); AWS Config recording (optional); IAM events forwarded from us-east-1;\n" +
        "with --stage, the findings table and its stream, the dead-letter queues, and whether the Slack secrets hold\n" +
        "values (never reading one; a bot token needs service.slack.defaultChannel in the configuration).\n" +
        "Permissions (read-only): cloudtrail:DescribeTrails, cloudtrail:GetTrailStatus, cloudtrail:GetEventSelectors,\n" +
        "config:DescribeConfigurationRecorderStatus, events:ListRules, dynamodb:ListTables, dynamodb:DescribeTable,\n" +
        "secretsmanager:DescribeSecret, sqs:ListQueues, sqs:GetQueueAttributes, sts:GetCallerIdentity.\n" +
        "Exit codes: 0 no check failed (warnings allowed); 1 a check failed; 2 usage error.",
    )
    .action(async (options: DoctorCommandOptions) => {
      setExitCode(await runDoctorCommand(options, io, colors, clientsFor));
    });
}

export async function runDoctorCommand(
  options: DoctorCommandOptions,
  io: CliIo,
  colors: (enabled: boolean) => Colors,
  clientsFor?: DoctorClientFactory,
): Promise<number> {
  const { createDoctorClients, runDoctor } = await import("@vigil/aws");
  const caller = await callerSettings({
    ...(options.profile !== undefined && { profile: options.profile }),
    region: options.region ? [options.region] : [],
  });
  const region = caller.regions[0] ?? "us-east-1";
  const settings = { region, ...(caller.credentials && { credentials: caller.credentials }) };
  const clients = clientsFor?.(settings) ?? createDoctorClients({ ...settings, ...endpointOf(process.env) });
  const slackRouting = await deployedSlackRouting(io.cwd, options.config);
  const checks = await runDoctor({
    region,
    clients,
    app: options.app,
    ...(options.stage !== undefined && { stage: options.stage }),
    ...(slackRouting && { slackRouting }),
  });
  io.stdout.write(
    options.format === "json"
      ? `${JSON.stringify({ region, checks }, null, 2)}\n`
      : renderChecks(checks, colors(io.stdout.isTTY === true)),
  );
  return checks.some((check) => check.status === "fail") ? EXIT.findings : EXIT.ok;
}

/**
 * `service.slack` of the configuration file `sst deploy` reads; undefined without one, or when it does not parse
 * (then doctor cannot tell whether a bot token has a channel, and says nothing about it).
 */
async function deployedSlackRouting(cwd: string, explicit?: string): Promise<SlackRouting | undefined> {
  try {
    const loaded = await loadConfig(cwd, explicit);
    return loaded.file === undefined ? undefined : parseVigilConfig(loaded.input).service.slack;
  } catch (error) {
    // A file named with --config must be usable; a broken one found here only leaves that question open.
    if (explicit !== undefined) throw error;
    return undefined;
  }
}

/** AWS_ENDPOINT_URL (e.g. a local moto server), as `vigil scan` honours it. */
function endpointOf(env: NodeJS.ProcessEnv): { endpoint?: string } {
  return env.AWS_ENDPOINT_URL ? { endpoint: env.AWS_ENDPOINT_URL } : {};
}

export function renderChecks(checks: readonly DoctorCheck[], c: Colors): string {
  const paint: Readonly<Record<CheckStatus, (text: string) => string>> = {
    ok: c.green,
    warn: c.yellow,
    fail: c.red,
    skip: c.dim,
  };
  const lines = checks.flatMap((check) => {
    const head = `${paint[check.status](MARK[check.status])} ${c.bold(check.title)}: ${check.status === "fail" ? credentialsAdvice(check.message) : check.message}`;
    return check.fix ? [head, `    ${c.dim(`fix: ${check.fix}`)}`] : [head];
  });
  const failed = checks.filter((check) => check.status === "fail").length;
  const warned = checks.filter((check) => check.status === "warn").length;
  lines.push(
    "",
    failed > 0 ? c.red(`${failed} check(s) failed, ${warned} warning(s)`) : `no failures, ${warned} warning(s)`,
  );
  return `${lines.join("\n")}\n`;
}
