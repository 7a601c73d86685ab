import type { AddressInfo } from "node:net";
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { DynamoDBDocumentClient } from "@aws-sdk/lib-dynamodb";
import dynalite from "dynalite";
import { createFindingsDocumentClient } from "./findings-store.ts";
import { createTableInput } from "./schema.ts";

export interface LocalFindingsTable {
  readonly client: DynamoDBDocumentClient;
  /** The low-level client of the same table (for Powertools idempotency, which marshals itself). */
  readonly dynamodb: DynamoDBClient;
  readonly tableName: string;
  readonly close: () => Promise<void>;
}

export interface LocalTableOptions {
  /**
   * A directory to keep the table in (LevelDB files), so that another process can open it again; default in
   * memory, gone with the process.
   */
  readonly path?: string;
  /** Open the table kept in `path` instead of creating it; fails when there is none. */
  readonly existing?: boolean;
}

/** There is no table kept where `vigil findings --local` looks: `vigil local` has not run there. */
export class LocalTableMissingError extends Error {
  override name = "LocalTableMissingError";
}

/**
 * A DynamoDB (dynalite) on a free port of 127.0.0.1 with the findings table created from `findingsTableSchema`:
 * in memory, or kept in a directory. dynalite has no transactions, TTL or streams.
 */
export async function startLocalFindingsTable(
  tableName = "findings",
  options: LocalTableOptions = {},
): Promise<LocalFindingsTable> {
  const server = dynalite({ createTableMs: 0, ...(options.path && { path: options.path }) });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dynamodb = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  const close = async () => {
    dynamodb.destroy();
    await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
  };
  try {
    if (!options.existing) await dynamodb.send(new CreateTableCommand(createTableInput(tableName)));
    await untilActive(dynamodb, tableName);
  } catch (error) {
    await close();
    if ((error as Error).name === "ResourceNotFoundException") {
      throw new LocalTableMissingError(`no findings table ${tableName} in ${options.path ?? "memory"}`, {
        cause: error,
      });
    }
    throw error;
  }
  return { client: createFindingsDocumentClient(dynamodb), dynamodb, tableName, close };
}

/**
 * dynalite answers CreateTable with a CREATING table and activates it on a timer: a table closed (or used) before
 * then is kept CREATING, and every item call on it fails as if it did not exist. Bounded: 100 checks, 10 ms apart.
 */
async function untilActive(dynamodb: DynamoDBClient, tableName: string): Promise<void> {
  for (let check = 0; check < 100; check++) {
    const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
    if (Table?.TableStatus === "ACTIVE") return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error(`local table ${tableName} did not become active`);
}
