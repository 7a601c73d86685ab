/**
 * The remediate handler over real HTTP: live reads and the plan's calls go to moto's server (the seeded vulnerable
 * app), its state to a dynalite findings table. In `auto`, a finding that opens is re-read, fixed, read again and
 * audited; the account really changes, and a redelivered event changes nothing twice.
 */
import { Logger } from "@aws-lambda-powertools/logger";
import { Metrics } from "@aws-lambda-powertools/metrics";
import {
  AuditLog,
  createRemediationClients,
  ExemptionStore,
  executePlan,
  RemediationControlsStore,
  RemediationRecords,
  readTargeted,
} from "@vigil/aws";
import {
  type LocalFindingsTable,
  MOTO_CREDENTIALS,
  MotoServer,
  motoAvailable,
  type SeededApp,
  seedVulnerableApp,
  startLocalFindingsTable,
} from "@vigil/aws/testing";
import {
  evaluate,
  findingEventDetail,
  parseVigilConfig,
  type RemediationRecord,
  ResourceModel,
  RULES,
  resolveConfig,
} from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { lambdaContext, sqsRecord } from "../testing/lambda-events.ts";
import { createRemediateHandler } from "./handler.ts";
import { Remediator } from "./remediator.ts";

const REGION = "us-east-1";
const RULE = "sqs-queue-policy-public";
const available = motoAvailable();
if (!available) {
  if (process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");
  console.warn("moto is not installed (python3 -c 'import moto' failed): skipping the remediate integration test");
}

describe.runIf(available)("remediate handler against moto (auto)", () => {
  let moto: MotoServer;
  let app: SeededApp;
  let local: LocalFindingsTable;

  beforeAll(async () => {
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    moto = await MotoServer.start();
    app = await seedVulnerableApp(moto.endpoint, REGION);
    local = await startLocalFindingsTable();
  });
  afterAll(async () => {
    vi.unstubAllEnvs();
    await local?.close();
    moto?.stop();
  });

  const readOptions = () => ({ region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });

  /** The rule's verdict on the queue as moto holds it now. */
  async function verdict() {
    const read = await readTargeted({ kind: "sqs.queue", arn: app.queue }, readOptions());
    const report = evaluate(
      new ResourceModel(read.resources),
      resolveConfig(
        { rules: {} },
        RULES.filter((r) => r.id === RULE),
      ),
    );
    return report.results.find((result) => result.resourceId === app.queue);
  }

  it("re-reads the public queue, removes its public statements, reads again and audits — once", async () => {
    const before = await verdict();
    expect(before?.status).toBe("fail");

    const audit = new AuditLog(local.client, local.tableName);
    const posted: RemediationRecord[] = [];
    const config = parseVigilConfig({ remediation: { modes: { [RULE]: "auto" } } });
    const remediator = new Remediator({
      config: config.remediation,
      rules: resolveConfig({}, RULES),
      records: new RemediationRecords(local.client, local.tableName),
      controls: new RemediationControlsStore(local.client, local.tableName, audit),
      exemptions: new ExemptionStore(local.client, local.tableName, audit),
      audit,
      read: readTargeted,
      readOptions: readOptions(),
      execute: (calls, region) =>
        executePlan(
          calls,
          createRemediationClients(region, { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS }),
        ),
      post: async (record) => {
        posted.push(record);
      },
      channelsOf: () => [""],
    });
    const handler = createRemediateHandler({
      remediator: () => remediator,
      logger: new Logger({ serviceName: "vigil-remediate", logLevel: "SILENT" }),
      metrics: new Metrics({ namespace: "VigilTest", serviceName: "vigil-remediate" }),
    });

    const rule = RULES.find((r) => r.id === RULE)!;
    const observedAt = new Date().toISOString();
    const detail = findingEventDetail(
      "new-failure",
      undefined,
      {
        resourceId: app.queue,
        ruleId: RULE,
        resourceKind: "sqs.queue",
        resourceName: app.queue.split(":").pop(),
        status: "failing",
        severity: rule.severity,
        message: before?.message ?? "",
        evidence: [],
        firstSeen: observedAt,
        lastSeen: observedAt,
        lastChanged: observedAt,
        observedAt,
        version: 1,
      },
      rule,
    );
    const body = JSON.stringify({
      id: "event-1",
      source: "vigil.findings",
      "detail-type": "Vigil Finding Transition",
      detail,
    });
    const deliver = () => handler({ Records: [sqsRecord(body)] } as never, lambdaContext("vigil-remediate") as never);

    expect(await deliver()).toEqual({ batchItemFailures: [] });
    expect(await deliver()).toEqual({ batchItemFailures: [] });

    expect((await verdict())?.status).toBe("pass");
    expect(posted.map((record) => record.status)).toEqual(["applied"]);
    const entries = await audit.list(new Date(Date.now() - 60_000), new Date(Date.now() + 60_000));
    expect(entries).toEqual([
      expect.objectContaining({
        action: "remediation-applied",
        approvedBy: "vigil (auto)",
        calls: [expect.objectContaining({ service: "sqs", operation: "SetQueueAttributes" })],
        after: expect.objectContaining({ status: "pass" }),
      }),
    ]);
  });
});
