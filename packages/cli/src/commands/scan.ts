import { resolve } from "node:path";
import type { ConfigItemError, LiveReadResult, ReadError, ReadProgressEvent } from "@vigil/aws";
import {
  type AnyRule,
  type EvaluationReport,
  evaluate,
  type InputProblem,
  kindsNeeded,
  type ModelCoverage,
  type ResolvedConfig,
  type Resource,
  type ResourceKind,
  ResourceModel,
  toAsffFindings,
} from "@vigil/core";
import type { Command } from "commander";
import { accountAccessError, callerSettings } from "../aws-caller.ts";
import { UsageError } from "../errors.ts";
import { EXIT } from "../exit-codes.ts";
import { type Colors, summaryLine } from "../format/table.ts";
import type { CliIo } from "../io.ts";
import { addReportOptions, collect } from "../options.ts";
import { ProgressRenderer } from "../progress.ts";
import {
  CHECK_FORMATS,
  gateExitCode,
  type ReportOptions,
  renderReport,
  resolveCommandConfig,
  writeReport,
} from "./check.ts";

export const SCAN_FORMATS = [...CHECK_FORMATS, "asff"] as const;

export interface ScanOptions extends Omit<ReportOptions, "format"> {
  readonly format: (typeof SCAN_FORMATS)[number];
  readonly profile?: string;
  readonly region: readonly string[];
  readonly snapshot?: string;
  readonly verbose: boolean;
  readonly rule: readonly string[];
  readonly skip: readonly string[];
  readonly config?: string;
}

/** Where the read-only policy `vigil scan` needs is published. */
const POLICY_FILE = "packages/aws/iam/vigil-read-only.json";

/** Adds `vigil scan` to the program; the action sets the exit code. */
export function registerScanCommand(
  program: Command,
  io: CliIo,
  setExitCode: (code: number) => void,
  catalogue: readonly AnyRule[],
  colors: (enabled: boolean) => Colors,
): void {
  addReportOptions(
    program
      .command("scan")
      .description("read the deployed resources of an AWS account (or a Config snapshot) and check them"),
    SCAN_FORMATS,
  )
    .option("--profile <name>", "AWS profile of the shared config files (default: the SDK's credential chain)")
    .option(
      "--region <region>",
      "region to read (repeatable, or `all` for every enabled region; default from AWS_REGION or the profile)",
      collect,
      [],
    )
    .option("--snapshot <file>", "read an AWS Config snapshot (JSON, plain or .gz) instead of the account")
    .option("--verbose", "print the API calls made per service", false)
    .addHelpText(
      "after",
      "\nCredentials: the AWS SDK's default chain (environment, AWS_PROFILE, SSO, instance role) or --profile.\n" +
        "AWS_ENDPOINT_URL sends every call to another endpoint (e.g. a local moto server).\n" +
        `Permissions: ${POLICY_FILE}.\n` +
        "Exit codes: as for check; 2 also when a failed read left a selected rule undetermined.",
    )
    .action(async (options: ScanOptions) => {
      setExitCode(await runScan(options, io, catalogue, colors));
    });
}

/** What was read, from either source, and where: the report and ASFF need the account and region. */
interface ScanInput {
  readonly resources: Resource[];
  readonly account: string;
  readonly region: string;
  readonly readAt?: string;
  readonly problems: InputProblem[];
  /** A live read's: which kinds it listed in full. A snapshot's extent is unknown. */
  readonly coverage?: ModelCoverage;
}

/**
 * `vigil scan`: reads the account (or a Config snapshot), runs the configured rules, writes the report and returns
 * the exit code. Reads that failed are listed, and make the exit code 2 when they left a selected rule undetermined;
 * what could be read is still checked.
 */
export async function runScan(
  options: ScanOptions,
  io: CliIo,
  catalogue: readonly AnyRule[],
  colors: (enabled: boolean) => Colors,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const config = await resolveCommandConfig(io, options, catalogue);
  // A live read lists only what the selected rules apply to and their declared context reaches.
  const kinds = kindsNeeded(config.rules.map(({ rule }) => rule));
  const input =
    options.snapshot === undefined ? await readLive(options, io, env, kinds) : await readSnapshot(options, io);
  const report = evaluate(new ResourceModel(input.resources, input.coverage), config);
  const render = (enabled: Colors) =>
    options.format === "asff"
      ? `${JSON.stringify(asff(report, config.rules, input, options), null, 2)}\n`
      : renderReport(report, config, input.problems, { ...options, format: options.format }, enabled);
  writeReport(io, options, colors, render, () => summaryLine(report, input.problems, options.undetermined));
  if (isIncomplete(report, config, input)) return EXIT.incomplete;
  return gateExitCode(report, options, io);
}

/**
 * Whether what could not be read leaves the verdict open: a selected rule's result that is undetermined or an
 * error, or a kind a selected rule applies to whose listing failed (its resources were never checked). A failed
 * read that no selected rule uses does not, nor a kind the read left out (no selected rule needs it). A
 * snapshot's unreadable item is a resource never checked.
 */
function isIncomplete(report: EvaluationReport, config: ResolvedConfig, input: ScanInput): boolean {
  if (input.problems.length === 0) return false;
  if (input.coverage === undefined) return true;
  if (input.coverage.scope === "account") {
    const unlisted = input.coverage.incompleteKinds;
    if (config.rules.some(({ rule }) => rule.kinds.some((kind) => unlisted.has(kind)))) return true;
  }
  return report.results.some((result) => result.status === "error" || result.status === "undetermined");
}

function asff(
  report: EvaluationReport,
  rules: Parameters<typeof toAsffFindings>[1],
  input: ScanInput,
  options: Pick<ScanOptions, "showPassing" | "undetermined">,
) {
  return toAsffFindings(report, rules, {
    account: input.account,
    region: input.region,
    showPassing: options.showPassing,
    undetermined: options.undetermined,
    ...(input.readAt !== undefined && { createdAt: input.readAt }),
  });
}

async function readSnapshot(options: ScanOptions, io: CliIo): Promise<ScanInput> {
  const file = options.snapshot!;
  const { readConfigSnapshot, ConfigSnapshotError } = await import("@vigil/aws");
  let read: Awaited<ReturnType<typeof readConfigSnapshot>>;
  try {
    read = await readConfigSnapshot(resolve(io.cwd, file));
  } catch (error) {
    if (error instanceof ConfigSnapshotError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      throw new UsageError(`--snapshot ${file}: ${(error as Error).message}`, { cause: error });
    }
    throw error;
  }
  const problems = read.errors.map((problem) => ({ file, message: itemProblem(problem) }));
  for (const problem of problems) io.stderr.write(`vigil: ${file}: ${problem.message}\n`);
  const origin = read.resources.map((r) => r.origin).find((o) => o.type === "config");
  return {
    resources: read.resources,
    account: origin?.account ?? "000000000000",
    region: origin?.region ?? "us-east-1",
    problems,
  };
}

const itemProblem = (problem: ConfigItemError) =>
  [problem.resourceType, problem.resource, problem.message].filter(Boolean).join(": ");

async function readLive(
  options: ScanOptions,
  io: CliIo,
  env: NodeJS.ProcessEnv,
  kinds: ReadonlySet<ResourceKind>,
): Promise<ScanInput> {
  const { readAccount, listEnabledRegions, RegionListError } = await import("@vigil/aws");
  const caller = await callerSettings(options);
  const { credentials } = caller;
  const endpoint = env.AWS_ENDPOINT_URL;
  let regions = caller.regions;
  if (regions.includes("all")) {
    try {
      // Asked in the default (or first named other) region; any region answers for the whole account.
      const home = (await callerSettings({ ...options, region: [] }).catch(() => undefined))?.regions[0];
      regions = await listEnabledRegions({
        region: home ?? "us-east-1",
        ...(credentials && { credentials }),
        ...(endpoint && { endpoint }),
      });
    } catch (error) {
      if (error instanceof RegionListError) throw new UsageError(`--region all: ${error.message}`, { cause: error });
      throw error;
    }
  }
  const progress = new ProgressRenderer(io.stderr);
  let read: LiveReadResult;
  try {
    read = await readAccount({
      region: regions,
      kinds,
      ...(credentials && { credentials }),
      // The SDK honours AWS_ENDPOINT_URL by itself; passing it on also turns on S3 path-style addressing,
      // which a local endpoint (moto, LocalStack) needs.
      ...(endpoint && { endpoint }),
      onProgress: (event) => progress.update(progressEvent(event)),
    });
  } catch (error) {
    throw accountAccessError(error) ?? error;
  }
  reportReadErrors(io, read);
  if (options.verbose) reportCalls(io, read);
  return {
    resources: read.resources,
    account: read.account,
    region: regions[0]!,
    readAt: read.readAt,
    coverage: read.coverage,
    problems: read.errors.map((error) => ({ file: `${error.region}/${error.service}`, message: readErrorText(error) })),
  };
}

function progressEvent(event: ReadProgressEvent) {
  const key = `${event.region} ${event.kind}`;
  if (event.type === "finished") {
    const errors = event.errors > 0 ? `, ${counted(event.errors, "error")}` : "";
    return { type: "finished", key, summary: `${event.resources} read${errors}` } as const;
  }
  return event.type === "started" ? ({ type: "started", key } as const) : { ...event, key };
}

/** Kinds whose message already says what happened ("cannot reach …", "HTTP 404 from …"). */
const SELF_DESCRIBED = new Set<ReadError["kind"]>(["unreachable", "unavailable"]);

const readErrorText = (error: ReadError) =>
  `${error.action}${error.resource ? ` on ${error.resource}` : ""}: ` +
  `${SELF_DESCRIBED.has(error.kind) ? "" : `${error.kind}: `}${error.message}`;

/** Missing permissions once each, throttling as a note with its retries, other failures as they came. */
function reportReadErrors(io: CliIo, read: LiveReadResult): void {
  const denied = [...new Set(read.errors.filter((e) => e.kind === "access-denied").map((e) => e.action))].sort();
  if (denied.length > 0) {
    io.stderr.write(
      `vigil: access denied for ${counted(denied.length, "action")}; the scan went on, and what the denied ` +
        `calls would have read is undetermined:\n${denied.map((action) => `  ${action}\n`).join("")}` +
        `  Grant the read-only policy in ${POLICY_FILE}.\n`,
    );
  }
  for (const error of read.errors.filter((e) => e.kind !== "access-denied" && e.kind !== "throttled")) {
    io.stderr.write(`vigil: ${error.region}: ${readErrorText(error)}\n`);
  }
  // The SDK's adaptive retry slowed down and retried; `throttled` counts the calls still throttled at the end.
  const retried = Object.entries(read.calls).filter(([, calls]) => calls.retries > 0 || calls.throttled > 0);
  if (retried.length > 0) {
    const perService = retried.map(
      ([service, calls]) =>
        `${service}: ${counted(calls.retries, "retry", "retries")}` +
        (calls.throttled > 0 ? `, ${calls.throttled} still throttled` : ""),
    );
    const gaveUp = retried.some(([, calls]) => calls.throttled > 0)
      ? "; what the still-throttled calls would have read is undetermined"
      : "";
    io.stderr.write(
      `vigil: AWS throttled or failed some calls; the scan slowed down and retried them ` +
        `(${perService.join("; ")})${gaveUp}\n`,
    );
  }
}

const counted = (count: number, one: string, many = `${one}s`) => `${count} ${count === 1 ? one : many}`;

function reportCalls(io: CliIo, read: LiveReadResult): void {
  const rows = Object.entries(read.calls).sort(([a], [b]) => a.localeCompare(b));
  const total = rows.reduce((sum, [, calls]) => sum + calls.calls, 0);
  io.stderr.write(`vigil: ${total} API calls for ${read.resources.length} resources:\n`);
  for (const [service, calls] of rows) {
    io.stderr.write(
      `  ${service.padEnd(13)} ${String(calls.calls).padStart(6)} calls, ${calls.retries} retries, ${calls.throttled} throttled\n`,
    );
  }
}
