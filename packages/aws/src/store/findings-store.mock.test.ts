import { ConditionalCheckFailedException } from "@aws-sdk/client-dynamodb";
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand } from "@aws-sdk/lib-dynamodb";
import { mockClient } from "aws-sdk-client-mock";
import { beforeEach, describe, expect, it } from "vitest";
import { FindingsStore } from "./findings-store.ts";
import { ORDERS_FUNCTION, ruleResult, URL_AUTH_RULE } from "./testing/results.ts";

const T0 = Date.parse("2026-11-28T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const NOW = at(1_000);

function storedItem(status: string, minute: number, version: number) {
  const time = at(minute).toISOString();
  return {
    pk: `RES#${ORDERS_FUNCTION}`,
    sk: `RULE#${URL_AUTH_RULE}`,
    resourceId: ORDERS_FUNCTION,
    ruleId: URL_AUTH_RULE,
    status,
    severity: "high",
    message: "",
    evidence: [],
    firstSeen: at(0).toISOString(),
    lastSeen: time,
    lastChanged: time,
    observedAt: time,
    version,
  };
}

const conditionFailed = () =>
  new ConditionalCheckFailedException({ message: "The conditional request failed", $metadata: {} });

describe("FindingsStore when another writer is first", () => {
  const dynamodb = mockClient(DynamoDBDocumentClient);
  const store = new FindingsStore(dynamodb as unknown as DynamoDBDocumentClient, "findings");
  beforeEach(() => {
    dynamodb.reset();
    dynamodb.on(QueryCommand).resolves({ Items: [storedItem("failing", 0, 1)] });
  });

  it("reports stale, not an error, when the newer writer already holds the finding", async () => {
    dynamodb.on(PutCommand).rejects(conditionFailed());
    dynamodb.on(GetCommand).resolves({ Item: storedItem("passing", 20, 2) });

    const outcome = await store.record([ruleResult("pass")], at(10), NOW);

    expect(outcome).toEqual({ transitions: [], writes: 0, stale: 1 });
    expect(dynamodb.commandCalls(PutCommand)).toHaveLength(1);
  });

  it("recomputes the transition against an older write that landed in between", async () => {
    dynamodb.on(QueryCommand).resolves({ Items: [storedItem("passing", 0, 1)] });
    dynamodb.on(PutCommand).rejectsOnce(conditionFailed()).resolves({});
    dynamodb.on(GetCommand).resolves({ Item: storedItem("exempted", 5, 2) });

    const outcome = await store.record([ruleResult("fail")], at(10), NOW);

    // Against the version first read it would have been a regression; the exemption ended in between.
    expect(outcome.transitions.map((next) => next.kind)).toEqual(["exemption-expired"]);
    const [, retried] = dynamodb.commandCalls(PutCommand);
    expect(retried?.args[0].input).toMatchObject({
      ConditionExpression: "#version = :version AND #observedAt < :observedAt",
      ExpressionAttributeValues: { ":version": 2, ":observedAt": at(10).toISOString() },
    });
  });

  it("passes other DynamoDB errors on", async () => {
    dynamodb.on(PutCommand).rejects(new Error("ProvisionedThroughputExceededException"));
    await expect(store.record([ruleResult("pass")], at(10), NOW)).rejects.toThrow("ProvisionedThroughput");
  });
});
