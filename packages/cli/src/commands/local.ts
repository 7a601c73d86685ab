import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { SlackPoster, TargetedReadOptions } from "@vigil/aws";
import type { ModelAccount } from "@vigil/aws/local";
import {
  type FunctionUrl,
  type IamRole,
  type LambdaFunction,
  parseVigilConfig,
  type Resource,
  RULES,
  resolveConfig,
  slackRoutingSchema,
} from "@vigil/core";
import type { Command } from "commander";
import { accountAccessError, callerSettings } from "../aws-caller.ts";
import { UsageError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import type { Colors } from "../format/table.ts";
import type { CliIo } from "../io.ts";

const EXAMPLE = resolve(import.meta.dirname, "../../../../examples/vulnerable-app");

/** Where `vigil local` keeps its findings table, relative to the working directory: `vigil findings --local` reads it. */
export const LOCAL_TABLE_DIR = ".vigil/local";
export const LOCAL_TABLE_NAME = "vigil-local-findings";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

export interface LocalOptions {
  readonly window: string;
  readonly pace: string;
  readonly slackWebhook?: string;
  /** Read a real account instead of the example (read-only: one sweep, no script). */
  readonly live?: boolean;
  readonly profile?: string;
  readonly region?: string;
}

/** One scripted change: what happens to the account, and the CloudTrail event AWS would send about it. */
interface ScriptStep {
  readonly says: string;
  readonly event: string;
  readonly arn: string;
  readonly change: (resource: Resource) => Resource;
}

const fn = (name: string) => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const withUrl = (url: FunctionUrl | undefined) => (resource: Resource) => {
  const { url: _, ...rest } = resource as LambdaFunction;
  return (url ? { ...rest, url } : rest) as LambdaFunction;
};

/** The example app's story: two planted problems fixed, then a new one made and fixed again. */
const SCRIPT: readonly ScriptStep[] = [
  {
    says: "orders-api is moved from the deprecated nodejs16.x to nodejs22.x",
    event: "01-api-runtime-upgraded.json",
    arn: fn("orders-api"),
    change: (resource) => ({ ...(resource as LambdaFunction), runtime: "nodejs22.x" }),
  },
  {
    says: "AdministratorAccess is detached from orders-shared-role",
    event: "02-detach-admin.json",
    arn: "arn:aws:iam::123456789012:role/orders-shared-role",
    change: (resource) => {
      const role = resource as IamRole;
      return { ...role, managedPolicyArns: role.managedPolicyArns.filter((arn) => arn !== ADMIN) };
    },
  },
  {
    says: "someone gives orders-process-upload a public function URL",
    event: "03-upload-url-public.json",
    arn: fn("orders-process-upload"),
    change: withUrl({ authType: "NONE", invokeMode: "BUFFERED" }),
  },
  {
    says: "…and deletes it again",
    event: "04-upload-url-deleted.json",
    arn: fn("orders-process-upload"),
    change: withUrl(undefined),
  },
];

/** Alerts on the console: what the Slack message says, as Slack would show it in a notification. */
function consolePoster(io: CliIo, c: Colors): SlackPoster {
  return {
    async post(message, target) {
      const [headline, ...rest] = message.text.split("\n");
      io.stdout.write(`  ${c.magenta("slack")}${target?.threadTs ? c.dim(" (in thread)") : ""} ${headline}\n`);
      for (const line of rest.slice(0, 12)) io.stdout.write(`        ${c.dim(line)}\n`);
      if (rest.length > 12) io.stdout.write(`        ${c.dim(`… ${rest.length - 12} more`)}\n`);
      return { channel: "local", ts: `${Date.now() / 1000}` };
    },
  };
}

/** Adds `vigil local` to the program. */
export function registerLocalCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  colors: (enabled: boolean) => Colors,
): void {
  program
    .command("local")
    .description("run the whole continuous service in this process, on the example app, with no AWS account")
    .option("--window <seconds>", "coalescing window: how long changes settle before they are read", "2")
    .option("--pace <seconds>", "pause between the scripted changes", "1")
    .option("--slack-webhook <url>", "also post the alerts to this Slack incoming webhook")
    .option("--live", "sweep a real AWS account instead of the example, read-only, as the deployed service would")
    .option("--profile <name>", "with --live: AWS profile of the shared config files (default: the SDK's chain)")
    .option("--region <region>", "with --live: the region to watch (default from AWS_REGION or the profile)")
    .addHelpText(
      "after",
      "\nThe example app as deployed (its AWS Config snapshot, with what Config does not record taken from its\n" +
        "template) is an in-memory account that the live readers read through the AWS SDK; an embedded DynamoDB\n" +
        "(dynalite on 127.0.0.1) is the findings table; scripted CloudTrail events (examples/vulnerable-app/events)\n" +
        "change the account and go through the same sweep → queue → evaluate (targeted reads, dependants) → store\n" +
        "→ stream → publish → notify code as the deployed service.\n" +
        "With --live the account is yours (AWS_ENDPOINT_URL honoured): one sweep, nothing changed, alerts here.\n" +
        "`vigil findings --local --format json` then lists the failing findings `vigil scan --format json` reports.",
    )
    .action(async (options: LocalOptions) => {
      setExitCode(await runLocal(options, io, colors(io.stdout.isTTY === true)));
    });
}

function seconds(value: string, option: string): number {
  const parsed = Number(value);
  if (!Number.isFinite(parsed) || parsed < 0 || parsed > 60) {
    throw new UsageError(`${option} ${value}: a number of seconds from 0 to 60`);
  }
  return parsed * 1000;
}

export async function runLocal(options: LocalOptions, io: CliIo, c: Colors): Promise<number> {
  const windowMs = seconds(options.window, "--window");
  const paceMs = seconds(options.pace, "--pace");
  if (!options.live && (options.profile !== undefined || options.region !== undefined)) {
    throw new UsageError("--profile and --region read a real account: add --live");
  }
  const { FindingsStore } = await import("@vigil/aws");
  // Before anything starts: a bad URL found after the table's server is up left the process hanging on it.
  const webhook = options.slackWebhook === undefined ? undefined : await slackWebhook(options.slackWebhook);
  const { startLocalFindingsTable } = await import("@vigil/aws/local");
  const { LocalPipeline } = await import("@vigil/functions/local");
  const started = Date.now();
  const at = () => c.dim(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`);

  const target = options.live ? await liveAccount(options) : await exampleAccount();
  // Each run starts from an empty table, kept afterwards for `vigil findings --local`.
  const tableDir = resolve(io.cwd, LOCAL_TABLE_DIR);
  rmSync(tableDir, { recursive: true, force: true });
  const table = await startLocalFindingsTable(LOCAL_TABLE_NAME, { path: tableDir });
  const consoleSlack = consolePoster(io, c);
  // A webhook that fails is said once and then left alone: the alerts are on the console anyway, and a failed
  // post must neither stall nor abort the run.
  let webhookFailed = false;
  const slack: SlackPoster = webhook
    ? {
        post: async (message, target) => {
          const shown = await consoleSlack.post(message, target);
          if (!webhookFailed) {
            await webhook.post(message).catch((error: Error) => {
              if (webhookFailed) return;
              webhookFailed = true;
              io.stderr.write(`vigil: --slack-webhook: ${error.message}; no further alerts are posted to it\n`);
            });
          }
          return shown;
        },
      }
    : consoleSlack;
  const pipeline = new LocalPipeline({
    readOptions: target.readOptions,
    table,
    config: resolveConfig({}, RULES),
    routing: slackRoutingSchema.parse(parseVigilConfig({}).service.slack),
    remediation: parseVigilConfig({}).remediation,
    slack,
    windowMs,
  });
  try {
    io.stdout.write(
      `${c.bold("vigil local")}: ${target.describe}, findings in an embedded DynamoDB, alerts below${webhook ? " and on Slack" : ""}.\n\n`,
    );
    io.stdout.write(`${at()} sweep: every resource of the account is read and evaluated\n`);
    const swept = await sweep(pipeline);
    io.stdout.write(
      `${at()} swept ${swept.resources} resources of account ${swept.account}` +
        `${swept.readErrors > 0 ? c.yellow(`, ${swept.readErrors} read errors (what they left unread is not judged)`) : ""}\n`,
    );
    await pipeline.drain();
    // From now on a finding that opens also gets its remediation plan, as a dry run in the alert's thread.
    pipeline.proposeRemediations = true;

    if (target.model) {
      for (const step of SCRIPT) {
        await new Promise((wait) => setTimeout(wait, paceMs));
        const current = target.model.resources.find((resource) => resource.arn === step.arn);
        if (!current) throw new Error(`the example account has no ${step.arn}`);
        target.model.put(step.change(current));
        const event = JSON.parse(readFileSync(resolve(EXAMPLE, "events", step.event), "utf8"));
        io.stdout.write(`\n${at()} change: ${step.says}\n`);
        io.stdout.write(
          `${at()} event: ${event.source} ${event.detail.eventName}, read after the ${windowMs / 1000} s window\n`,
        );
        pipeline.ingest(event);
        await pipeline.drain();
      }
    }

    const store = new FindingsStore(table.client, table.tableName);
    const failing = await store.query({ status: "failing" });
    const bySeverity = new Map<string, number>();
    for (const finding of failing) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    for (const { message, error } of pipeline.deadLetters) {
      io.stderr.write(`vigil: ${message.kind} ${message.arn} was not evaluated: ${error}\n`);
    }
    io.stdout.write(
      `\n${c.bold("summary")}: ${pipeline.evaluations} evaluations, ${pipeline.transitions} finding transitions, ` +
        `${failing.length} findings still failing (${[...bySeverity].map(([s, n]) => `${n} ${s}`).join(", ")}), ` +
        `${pipeline.deadLetters.length > 0 ? `${pipeline.deadLetters.length} not evaluated, ` : ""}` +
        `${((Date.now() - started) / 1000).toFixed(1)} s.\n` +
        "What it stored: npx vigil findings --local. The same service in an account: npx sst deploy (docs/deploy.md).\n",
    );
    return pipeline.deadLetters.length > 0 || swept.readErrors > 0 || webhookFailed ? EXIT.incomplete : EXIT.ok;
  } finally {
    await table.close();
  }
}

/**
 * The `--slack-webhook` poster, or a usage error for a URL it refuses. Bounded: a demo must not stall for
 * minutes on a webhook that does not answer (the service's default is 5 attempts of 10 s each).
 */
async function slackWebhook(url: string): Promise<SlackPoster> {
  const { SlackError, WebhookSlackPoster } = await import("@vigil/aws");
  try {
    return new WebhookSlackPoster(url, { maxAttempts: 2, timeoutMs: 5_000, maxRetryAfterMs: 5_000 });
  } catch (error) {
    if (!(error instanceof SlackError)) throw error;
    throw new UsageError(`--slack-webhook: ${error.message}`, { cause: error });
  }
}

interface LocalTarget {
  readonly describe: string;
  readonly readOptions: TargetedReadOptions;
  /** The in-memory account the script changes; none for a real one. */
  readonly model?: ModelAccount;
}

/** The example app as deployed, served in memory to the real SDK clients. */
async function exampleAccount(): Promise<LocalTarget> {
  const { readConfigSnapshot, readTemplates } = await import("@vigil/aws");
  const { asDeployed, ModelAccount } = await import("@vigil/aws/local");
  const snapshot = await readConfigSnapshot(resolve(EXAMPLE, "config-snapshot.json"));
  const template = await readTemplates([resolve(EXAMPLE, "template.yaml")]);
  const origin = snapshot.resources.find((r) => r.origin.type === "config")?.origin;
  const model = new ModelAccount({
    account: origin?.type === "config" ? origin.account : "123456789012",
    region: origin?.type === "config" ? origin.region : "us-east-1",
    resources: asDeployed(snapshot.resources, template.resources),
  });
  return {
    describe: `the Orders example as an account (${model.resources.length} resources, as deployed from its template)`,
    readOptions: model.readOptions(),
    model,
  };
}

/** A real account, read with the caller's credentials, through AWS_ENDPOINT_URL when set. */
async function liveAccount(options: LocalOptions): Promise<LocalTarget> {
  const caller = await callerSettings({
    ...(options.profile !== undefined && { profile: options.profile }),
    region: options.region === undefined ? [] : [options.region],
  });
  const region = caller.regions[0]!;
  const endpoint = process.env.AWS_ENDPOINT_URL;
  return {
    describe: `the AWS account of ${options.profile ? `profile ${options.profile}` : "your credentials"} in ${region} (read-only)${endpoint ? ` at ${endpoint}` : ""}`,
    readOptions: {
      region,
      ...(caller.credentials && { credentials: caller.credentials }),
      // As `vigil scan`: passing the endpoint on also turns on S3 path-style addressing.
      ...(endpoint && { endpoint }),
    },
  };
}

/** The pipeline's sweep; credentials that identify no account are a usage error, as for `vigil scan`. */
async function sweep(pipeline: { sweep(): Promise<SweepOutcome> }): Promise<SweepOutcome> {
  try {
    return await pipeline.sweep();
  } catch (error) {
    throw accountAccessError(error) ?? error;
  }
}

interface SweepOutcome {
  readonly account: string;
  readonly resources: number;
  readonly readErrors: number;
}
