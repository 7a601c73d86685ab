import { createHash } from "node:crypto";
import { GetCommand, ScanCommand } from "@aws-sdk/lib-dynamodb";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalFindingsTable, startLocalFindingsTable } from "./local-table.ts";
import { SlackReplayGuard } from "./replay-guard.ts";

const EXPIRES_AT = new Date("2026-11-28T12:10:00.500Z");
const KEY = "1764331200:v0=9f2c";

describe("SlackReplayGuard (dynalite)", () => {
  let table: LocalFindingsTable;
  let guard: SlackReplayGuard;
  beforeAll(async () => {
    table = await startLocalFindingsTable();
    guard = new SlackReplayGuard(table.client, table.tableName);
  });
  afterAll(async () => {
    await table.close();
  });

  it("claims a request once, under its hashed key, expiring with the table's TTL", async () => {
    expect(await guard.claim(KEY, EXPIRES_AT)).toBe(true);
    const pk = `SLACKREQ#${createHash("sha256").update(KEY).digest("hex")}`;
    const { Item } = await table.client.send(new GetCommand({ TableName: table.tableName, Key: { pk, sk: "SEEN" } }));
    expect(Item).toEqual({ pk, sk: "SEEN", ttl: Math.ceil(EXPIRES_AT.getTime() / 1000) });
  });

  it("refuses the same key again, leaving the first claim as it was", async () => {
    const replayed = `${KEY}-replayed`;
    expect(await guard.claim(replayed, EXPIRES_AT)).toBe(true);
    const { Items: before } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    expect(await guard.claim(replayed, new Date("2027-01-01T00:00:00.000Z"))).toBe(false);
    const { Items: after } = await table.client.send(new ScanCommand({ TableName: table.tableName }));
    expect(after).toEqual(before);
  });

  it("claims keys independently", async () => {
    expect(await guard.claim(`${KEY}-a`, EXPIRES_AT)).toBe(true);
    expect(await guard.claim(`${KEY}-b`, EXPIRES_AT)).toBe(true);
  });

  it("passes on errors other than a failed condition", async () => {
    const missingTable = new SlackReplayGuard(table.client, "no-such-table");
    await expect(missingTable.claim(KEY, EXPIRES_AT)).rejects.toThrow();
  });
});
