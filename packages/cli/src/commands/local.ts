import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import type { SlackPoster } from "@vigil/aws";
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
    .addHelpText(
      "after",
      "\nThe example app's AWS Config snapshot is the account; an embedded DynamoDB (dynalite on 127.0.0.1) is the\n" +
        "findings table; scripted CloudTrail events (examples/vulnerable-app/events) change the account and go\n" +
        "through the same evaluate → store → stream → publish → notify code as the deployed service.",
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
  const { readConfigSnapshot, WebhookSlackPoster, FindingsStore } = await import("@vigil/aws");
  const { startLocalFindingsTable } = await import("@vigil/aws/local");
  const { LocalAccount, LocalPipeline } = await import("@vigil/functions/local");
  const started = Date.now();
  const at = () => c.dim(`[${((Date.now() - started) / 1000).toFixed(1).padStart(5)} s]`);

  const snapshot = await readConfigSnapshot(resolve(EXAMPLE, "config-snapshot.json"));
  const origin = snapshot.resources.find((r) => r.origin.type === "config")?.origin;
  const account = new LocalAccount(origin?.type === "config" ? origin.account : "123456789012", snapshot.resources);
  // Each run starts from an empty table, kept afterwards for `vigil findings --local`.
  const tableDir = resolve(io.cwd, LOCAL_TABLE_DIR);
  rmSync(tableDir, { recursive: true, force: true });
  const table = await startLocalFindingsTable(LOCAL_TABLE_NAME, { path: tableDir });
  const consoleSlack = consolePoster(io, c);
  const webhook = options.slackWebhook ? new WebhookSlackPoster(options.slackWebhook) : undefined;
  const slack: SlackPoster = webhook
    ? {
        post: async (message, target) =>
          (await Promise.all([consoleSlack.post(message, target), webhook.post(message)]))[0],
      }
    : consoleSlack;
  const pipeline = new LocalPipeline({
    account,
    table,
    config: resolveConfig({}, RULES),
    routing: slackRoutingSchema.parse(parseVigilConfig({}).service.slack),
    remediation: parseVigilConfig({}).remediation,
    slack,
    windowMs,
  });
  try {
    io.stdout.write(
      `${c.bold("vigil local")}: the Orders example as an account (${snapshot.resources.length} resources from its Config snapshot), ` +
        `findings in an embedded DynamoDB, alerts below${webhook ? " and on Slack" : ""}.\n\n`,
    );
    io.stdout.write(`${at()} sweep: every resource of the account is evaluated\n`);
    const sweptAt = new Date().toISOString();
    for (const resource of account.resources) {
      const region = resource.arn.split(":")[3] ?? "";
      pipeline.enqueue({
        kind: resource.kind,
        arn: resource.arn,
        account: account.account,
        region,
        reason: "vigil:sweep",
        eventTime: sweptAt,
      });
    }
    await pipeline.drain();
    // From now on a finding that opens also gets its remediation plan, as a dry run in the alert's thread.
    pipeline.proposeRemediations = true;

    for (const step of SCRIPT) {
      await new Promise((wait) => setTimeout(wait, paceMs));
      account.change(step.arn, step.change);
      const event = JSON.parse(readFileSync(resolve(EXAMPLE, "events", step.event), "utf8"));
      io.stdout.write(`\n${at()} change: ${step.says}\n`);
      io.stdout.write(
        `${at()} event: ${event.source} ${event.detail.eventName}, read after the ${windowMs / 1000} s window\n`,
      );
      pipeline.ingest(event);
      await pipeline.drain();
    }

    const store = new FindingsStore(table.client, table.tableName);
    const failing = await store.query({ status: "failing" });
    const bySeverity = new Map<string, number>();
    for (const finding of failing) bySeverity.set(finding.severity, (bySeverity.get(finding.severity) ?? 0) + 1);
    io.stdout.write(
      `\n${c.bold("summary")}: ${pipeline.evaluations} evaluations, ${pipeline.transitions} finding transitions, ` +
        `${failing.length} findings still failing (${[...bySeverity].map(([s, n]) => `${n} ${s}`).join(", ")}), ` +
        `${((Date.now() - started) / 1000).toFixed(1)} s.\n` +
        "What it stored: npx vigil findings --local. The same service in an account: npx sst deploy (docs/deploy.md).\n",
    );
    return EXIT.ok;
  } finally {
    await table.close();
  }
}
