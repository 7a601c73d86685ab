import { DynamoDBPersistenceLayer } from "@aws-lambda-powertools/idempotency/dynamodb";
import { QueryCommand } from "@aws-sdk/lib-dynamodb";
import { type LocalFindingsTable, startLocalFindingsTable } from "@vigil/aws/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DeliveryClaims } from "./claims.ts";
import { NOTIFY_IDEMPOTENCY_KEYS } from "./table-access.ts";

describe("DeliveryClaims on the findings table (dynalite)", () => {
  let table: LocalFindingsTable;
  let claims: DeliveryClaims;
  beforeAll(async () => {
    table = await startLocalFindingsTable();
    const persistence = new DynamoDBPersistenceLayer({
      tableName: table.tableName,
      ...NOTIFY_IDEMPOTENCY_KEYS,
      awsSdkV3Client: table.dynamodb,
    });
    claims = new DeliveryClaims(persistence, "vigil-notify");
  });
  afterAll(() => table.close());

  it("claims a delivery once, sees it delivered once completed, and frees it when released", async () => {
    expect(await claims.claim("t-1|C0VIGIL", 30_000)).toBe("claimed");
    expect(await claims.claim("t-1|C0VIGIL", 30_000)).toBe("busy");
    await claims.complete("t-1|C0VIGIL");
    expect(await claims.claim("t-1|C0VIGIL", 30_000)).toBe("delivered");

    expect(await claims.claim("t-2|C0VIGIL", 30_000)).toBe("claimed");
    await claims.release("t-2|C0VIGIL");
    expect(await claims.claim("t-2|C0VIGIL", 30_000)).toBe("claimed");
  });

  it("lets a claim left by a crashed invocation expire with that invocation's time", async () => {
    expect(await claims.claim("t-3|C0VIGIL", 1)).toBe("claimed");
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await claims.claim("t-3|C0VIGIL", 30_000)).toBe("claimed");
  });

  it("keeps its items apart from findings: partition IDEMPOTENCY#notify, expiry in the table's TTL attribute", async () => {
    const { Items = [] } = await table.client.send(
      new QueryCommand({
        TableName: table.tableName,
        KeyConditionExpression: "pk = :pk",
        ExpressionAttributeValues: { ":pk": "IDEMPOTENCY#notify" },
      }),
    );
    expect(Items.length).toBeGreaterThan(0);
    for (const item of Items) expect(typeof item.ttl).toBe("number");
  });
});
