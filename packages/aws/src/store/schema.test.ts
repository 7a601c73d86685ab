import { describe, expect, it } from "vitest";
import { createTableInput, findingsTableSchema, historySortKey, severityOrder } from "./schema.ts";

describe("findingsTableSchema", () => {
  it("defines every key attribute it indexes", () => {
    const { fields, primaryIndex, globalIndexes } = findingsTableSchema;
    const keys = [primaryIndex, ...Object.values(globalIndexes)].flatMap((index) => [index.hashKey, index.rangeKey]);
    expect(new Set(keys)).toEqual(new Set(Object.keys(fields)));
  });

  it("turns into a CreateTable call with the same indexes", () => {
    const input = createTableInput("findings");
    expect(input.GlobalSecondaryIndexes?.map((index) => index.IndexName)).toEqual(["byStatus", "bySeverity", "byRule"]);
    expect(input.KeySchema).toEqual([
      { AttributeName: "pk", KeyType: "HASH" },
      { AttributeName: "sk", KeyType: "RANGE" },
    ]);
  });

  it("sorts the most severe first and keys history by read time", () => {
    const lastChanged = "2026-11-28T00:00:00.000Z";
    expect(severityOrder({ severity: "critical", lastChanged })).toBe(`0#${lastChanged}`);
    expect(historySortKey("lambda-url-auth-none", lastChanged)).toBe(`HIST#lambda-url-auth-none#${lastChanged}`);
  });
});
