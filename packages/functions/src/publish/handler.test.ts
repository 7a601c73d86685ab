import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import { EventBridgeClient, PutEventsCommand } from "@aws-sdk/client-eventbridge";
import { marshall } from "@aws-sdk/util-dynamodb";
import { FindingEventPublisher } from "@vigil/aws";
import {
  FINDING_EVENT_DETAIL_TYPE,
  FINDING_EVENT_SOURCE,
  type Finding,
  type FindingEventDetail,
  findingEventDetailSchema,
} from "@vigil/core";
import { T1, T2, TEST_FUNCTION, testFinding, URL_RULE } from "@vigil/core/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { lambdaContext, TEST_ACCOUNT, TEST_REGION } from "../testing/lambda-events.ts";
import { createPublishHandler } from "./handler.ts";

const FUNCTION = TEST_FUNCTION;
const RULE = URL_RULE;
const BUS = "vigil-test-FindingsBus";
const finding = testFinding;

/** The table item of a current finding, as the store writes it. */
const findingItem = (f: Finding) => ({ ...f, pk: `RES#${f.resourceId}`, sk: `RULE#${f.ruleId}`, severityOrder: "1#x" });

let sequence = 0;
function streamRecord(
  eventName: "INSERT" | "MODIFY" | "REMOVE",
  images: { next?: Record<string, unknown>; before?: Record<string, unknown> },
) {
  const keyOf = (image: Record<string, unknown> | undefined) => image && { pk: image.pk, sk: image.sk };
  const keys = keyOf(images.next) ?? keyOf(images.before);
  return {
    eventID: `event-${++sequence}`,
    eventName,
    eventVersion: "1.1",
    eventSource: "aws:dynamodb",
    awsRegion: TEST_REGION,
    eventSourceARN: `arn:aws:dynamodb:${TEST_REGION}:${TEST_ACCOUNT}:table/vigil-findings/stream/2026-11-28T00:00:00.000`,
    dynamodb: {
      ApproximateCreationDateTime: 1_764_324_000,
      Keys: marshall(keys),
      ...(images.next && { NewImage: marshall(images.next, { removeUndefinedValues: true }) }),
      ...(images.before && { OldImage: marshall(images.before, { removeUndefinedValues: true }) }),
      SequenceNumber: String(100 + sequence),
      SizeBytes: 512,
      StreamViewType: "NEW_AND_OLD_IMAGES",
    },
  };
}

const eventBridge = mockClient(EventBridgeClient);

describe("publish handler", () => {
  let handler: ReturnType<typeof createPublishHandler>;
  const invoke = (...records: unknown[]) =>
    handler({ Records: records } as never, lambdaContext("vigil-publish") as never);
  const published = (): { entry: Record<string, unknown>; detail: FindingEventDetail }[] =>
    eventBridge.commandCalls(PutEventsCommand).flatMap((call) =>
      (call.args[0].input.Entries ?? []).map((entry) => ({
        entry: entry as Record<string, unknown>,
        detail: findingEventDetailSchema.parse(JSON.parse(String(entry.Detail))),
      })),
    );

  beforeEach(() => {
    eventBridge.reset();
    eventBridge.on(PutEventsCommand).resolves({ FailedEntryCount: 0, Entries: [{ EventId: "event-id" }] });
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    handler = createPublishHandler({
      publisher: () => new FindingEventPublisher(new EventBridgeClient({ region: TEST_REGION }), BUS),
      logger: new Logger({ serviceName: "vigil-publish", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "VigilTest", serviceName: "vigil-publish" }),
    });
  });

  afterEach(() => vi.unstubAllEnvs());

  it("puts a documented new-failure event on Vigil's bus for a first failing finding", async () => {
    const response = await invoke(streamRecord("INSERT", { next: findingItem(finding()) }));

    expect(response.batchItemFailures).toEqual([]);
    const [event] = published();
    expect(event?.entry).toMatchObject({
      EventBusName: BUS,
      Source: FINDING_EVENT_SOURCE,
      DetailType: FINDING_EVENT_DETAIL_TYPE,
      Resources: [FUNCTION],
    });
    expect(event?.detail).toMatchObject({
      schemaVersion: "1",
      transition: "new-failure",
      transitionId: `${FUNCTION}|${RULE}|${T1}|new-failure`,
      finding: { resourceId: FUNCTION, status: "failing", evidence: [{ path: "url.authType" }] },
      rule: { id: RULE, practice: 2, practiceName: "Perimeter at the function level" },
      account: TEST_ACCOUNT,
      region: TEST_REGION,
    });
    expect(event?.detail.previous).toBeUndefined();
    expect(event?.detail.rule.remediation.length).toBeGreaterThan(10);
  });

  it.each([
    ["resolved", finding(), finding({ status: "passing", observedAt: T2, version: 2 })],
    ["regression", finding({ status: "passing" }), finding({ observedAt: T2, version: 2 })],
    ["severity-changed", finding(), finding({ severity: "critical", observedAt: T2, version: 2 })],
    ["gone", finding(), finding({ status: "gone", observedAt: T2, version: 2 })],
  ] as const)("computes %s from the old and new images", async (kind, before, next) => {
    await invoke(streamRecord("MODIFY", { before: findingItem(before), next: findingItem(next) }));

    expect(published().map(({ detail }) => [detail.transition, detail.previous])).toEqual([
      [kind, { status: before.status, severity: before.severity }],
    ]);
  });

  it("publishes nothing for repeats, first passes, history, claims, threads and removals", async () => {
    const heartbeat = streamRecord("MODIFY", {
      before: findingItem(finding()),
      next: findingItem(finding({ lastSeen: T2, observedAt: T2, version: 2 })),
    });
    const firstPass = streamRecord("INSERT", { next: findingItem(finding({ status: "passing" })) });
    const history = streamRecord("INSERT", {
      next: { pk: `RES#${FUNCTION}`, sk: `HIST#${RULE}#${T1}`, kind: "new-failure", finding: finding() },
    });
    const claim = streamRecord("INSERT", { next: { pk: "IDEMPOTENCY#notify", sk: "hash", status: "INPROGRESS" } });
    const thread = streamRecord("INSERT", {
      next: { pk: `ALERT#${FUNCTION}`, sk: `THREAD#${RULE}#C0VIGIL`, channel: "C0VIGIL", ts: "1.2" },
    });
    const lastRead = streamRecord("MODIFY", { next: { pk: `RES#${FUNCTION}`, sk: "LASTREAD", readAt: T2 } });
    const removal = streamRecord("REMOVE", { before: findingItem(finding()) });

    const response = await invoke(heartbeat, firstPass, history, claim, thread, lastRead, removal);

    expect(response.batchItemFailures).toEqual([]);
    expect(eventBridge.commandCalls(PutEventsCommand)).toHaveLength(0);
  });

  it("fails only the malformed record of a batch and publishes the others", async () => {
    const good = streamRecord("INSERT", { next: findingItem(finding()) });
    const badImage = streamRecord("INSERT", { next: { ...findingItem(finding()), status: "on fire" } });
    const unknownRule = streamRecord("INSERT", { next: findingItem(finding({ ruleId: "no-such-rule" })) });
    const notARecord = { ...streamRecord("INSERT", { next: findingItem(finding()) }), eventName: "UPSERT" };
    const alsoGood = streamRecord("INSERT", { next: findingItem(finding({ resourceId: `${FUNCTION}-2` })) });

    const response = await invoke(good, badImage, unknownRule, notARecord, alsoGood);

    expect(response.batchItemFailures).toEqual(
      [badImage, unknownRule, notARecord].map((record) =>
        expect.objectContaining({
          itemIdentifier: (record as { dynamodb?: { SequenceNumber: string } }).dynamodb?.SequenceNumber,
        }),
      ),
    );
    expect(published().map(({ detail }) => detail.finding.resourceId)).toEqual([FUNCTION, `${FUNCTION}-2`]);
  });

  it("fails the record when EventBridge refuses the entry, so the stream retries it", async () => {
    eventBridge
      .on(PutEventsCommand)
      .resolves({ FailedEntryCount: 1, Entries: [{ ErrorCode: "ThrottlingException", ErrorMessage: "slow down" }] });
    const record = streamRecord("INSERT", { next: findingItem(finding()) });

    const response = await invoke(record);

    expect(response.batchItemFailures).toEqual([{ itemIdentifier: record.dynamodb.SequenceNumber }]);
  });
});
