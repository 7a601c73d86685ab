import { existsSync } from "node:fs";
import { resolve } from "node:path";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import type { AuditLog } from "@vigil/aws";
import type { Command } from "commander";
import { callerSettings } from "./aws-caller.ts";
import { LOCAL_TABLE_DIR, LOCAL_TABLE_NAME } from "./commands/local.ts";
import { UsageError } from "./errors.ts";
import type { CliIo } from "./io.ts";

/** Which findings table a command works on: the deployed one of a stage, one named outright, or `vigil local`'s. */
export interface TableTargetOptions {
  readonly local?: boolean;
  readonly table?: string;
  readonly stage?: string;
  readonly app: string;
  readonly profile?: string;
  readonly region?: string;
}

export interface OpenTable {
  readonly client: DynamoDBDocumentClient;
  readonly tableName: string;
  /** Where the table is, for messages: `vigil-prod-FindingsTable-abc (eu-west-1)`. */
  readonly where: string;
  readonly close: () => Promise<void>;
}

/** Adds the options that choose a findings table. */
export function addTableTargetOptions(command: Command): Command {
  return command
    .option("--stage <stage>", "the deployed stage whose findings table to use (as in `npx sst deploy --stage`)")
    .option("--app <name>", "the SST app name", "vigil")
    .option("--table <name>", "the findings table's name, instead of finding it by --stage")
    .option("--profile <name>", "AWS profile of the shared config files (default: the SDK's credential chain)")
    .option("--region <region>", "the region Vigil is deployed to (default from AWS_REGION or the profile)")
    .option("--local", "use the table `vigil local` kept in .vigil/local", false);
}

/** Whether the options name a table at all (`vigil remediation list` works without one). */
export const namesTable = (options: TableTargetOptions) =>
  options.local === true || options.table !== undefined || options.stage !== undefined;

/** Opens the chosen table; a clear error when none is chosen or it cannot be found. */
export async function openFindingsTable(options: TableTargetOptions, io: CliIo): Promise<OpenTable> {
  if (options.local) return openLocalTable(io);
  if (options.table === undefined && options.stage === undefined) {
    throw new UsageError("which findings table? pass --stage <stage> (the deployed one), --table <name>, or --local");
  }
  const { DynamoDBClient } = await import("@aws-sdk/client-dynamodb");
  const { createFindingsDocumentClient, findFindingsTable } = await import("@vigil/aws");
  const caller = await callerSettings({
    ...(options.profile !== undefined && { profile: options.profile }),
    region: options.region ? [options.region] : [],
  });
  const region = caller.regions[0] ?? "us-east-1";
  const dynamodb = new DynamoDBClient({
    region,
    ...(caller.credentials && { credentials: caller.credentials }),
    ...(process.env.AWS_ENDPOINT_URL && { endpoint: process.env.AWS_ENDPOINT_URL }),
  });
  const tableName = options.table ?? (await findFindingsTable(dynamodb, options.app, options.stage as string));
  if (!tableName) {
    dynamodb.destroy();
    throw new UsageError(
      `no findings table of stage ${options.stage} (app ${options.app}) in ${region}: deploy it, or pass --region or --table`,
    );
  }
  return {
    client: createFindingsDocumentClient(dynamodb),
    tableName,
    where: `${tableName} (${region})`,
    close: async () => dynamodb.destroy(),
  };
}

async function openLocalTable(io: CliIo): Promise<OpenTable> {
  const { LocalTableMissingError, startLocalFindingsTable } = await import("@vigil/aws/local");
  const missing = () => new UsageError("no local findings here: run `npx vigil local` first (in this directory)");
  // Opening a directory that does not exist would create an empty store there.
  if (!existsSync(resolve(io.cwd, LOCAL_TABLE_DIR))) throw missing();
  try {
    const table = await startLocalFindingsTable(LOCAL_TABLE_NAME, {
      path: resolve(io.cwd, LOCAL_TABLE_DIR),
      existing: true,
    });
    return { client: table.client, tableName: table.tableName, where: "the local table", close: table.close };
  } catch (error) {
    if (error instanceof LocalTableMissingError) throw missing();
    throw error;
  }
}

/** Opens the chosen table for `work` and closes it afterwards, whatever happens. */
export async function withFindingsTable<T>(
  options: TableTargetOptions,
  io: CliIo,
  work: (table: OpenTable) => Promise<T>,
): Promise<T> {
  const table = await openFindingsTable(options, io);
  try {
    return await work(table);
  } finally {
    await table.close();
  }
}

/** A store whose changes are audited (`ExemptionStore`, `RemediationControlsStore`). */
type AuditedStore<S> = new (client: DynamoDBDocumentClient, tableName: string, audit: AuditLog) => S;

/** Runs `work` on an audited store of the chosen table (loaded when needed: the AWS SDK is slow to import). */
export function withAuditedStore<S, T>(
  options: TableTargetOptions,
  io: CliIo,
  load: () => Promise<AuditedStore<S>>,
  work: (store: S, table: OpenTable) => Promise<T>,
): Promise<T> {
  return withFindingsTable(options, io, async (table) => {
    const [Store, { AuditLog }] = await Promise.all([load(), import("@vigil/aws")]);
    return work(new Store(table.client, table.tableName, new AuditLog(table.client, table.tableName)), table);
  });
}
