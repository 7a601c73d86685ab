import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
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

/**
 * An in-memory DynamoDB (dynalite) on a free port of 127.0.0.1 with the findings table created from
 * `findingsTableSchema`. dynalite has no transactions, TTL or streams.
 */
export async function startLocalFindingsTable(tableName = "findings"): Promise<LocalFindingsTable> {
  const server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  const dynamodb = new DynamoDBClient({
    endpoint: `http://127.0.0.1:${port}`,
    region: "us-east-1",
    credentials: { accessKeyId: "local", secretAccessKey: "local" },
  });
  await dynamodb.send(new CreateTableCommand(createTableInput(tableName)));
  return {
    client: createFindingsDocumentClient(dynamodb),
    dynamodb,
    tableName,
    close: async () => {
      dynamodb.destroy();
      await new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve())));
    },
  };
}
