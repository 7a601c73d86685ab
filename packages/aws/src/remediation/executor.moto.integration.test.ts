/**
 * Plans applied over real HTTP to moto's server, an independent implementation of the AWS APIs: the seeded
 * vulnerable app fails a rule, the executor makes the plan's calls, the rule passes on a fresh read, and the undo
 * brings the failure back. Proves that each request the plans build is one AWS accepts and acts on.
 */
import {
  evaluate,
  type FindingStatus,
  REMEDIATIONS,
  type RemediationPlan,
  type Resource,
  ResourceModel,
  RULES,
  resolveConfig,
} from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readTargeted, type TargetedReadOptions, type TargetRef } from "../readers/live/read-account.ts";
import { MotoServer, motoAvailable } from "../readers/live/testing/moto.ts";
import { MOTO_CREDENTIALS, type SeededApp, seedVulnerableApp } from "../readers/live/testing/seed.ts";
import { createRemediationClients, executePlan } from "./executor.ts";

const REGION = "us-east-1";
const available = motoAvailable();
if (!available) {
  if (process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");
  console.warn("moto is not installed (python3 -c 'import moto' failed): skipping the executor integration tests");
}

describe.runIf(available)("executePlan against moto", () => {
  let moto: MotoServer;
  let app: SeededApp;
  beforeAll(async () => {
    moto = await MotoServer.start();
    app = await seedVulnerableApp(moto.endpoint, REGION);
  });
  afterAll(() => moto?.stop());

  /** The resource as read now over HTTP, and the rule's verdicts on it. */
  async function judge(ruleId: string, target: TargetRef, options: Partial<TargetedReadOptions> = {}) {
    const read = await readTargeted(target, {
      region: REGION,
      endpoint: moto.endpoint,
      credentials: MOTO_CREDENTIALS,
      ...options,
    });
    const resource = read.resources.find((r) => r.arn === target.arn) as Resource;
    const report = evaluate(
      new ResourceModel(read.resources),
      resolveConfig(
        {},
        RULES.filter((r) => r.id === ruleId),
      ),
    );
    const statuses: FindingStatus[] = report.results.filter((r) => r.resourceId === resource.id).map((r) => r.status);
    return { resource, statuses };
  }

  it.each([
    { ruleId: "sqs-queue-policy-public", target: () => ({ kind: "sqs.queue" as const, arn: app.queue }) },
    {
      ruleId: "iam-role-admin-access",
      target: () => ({ kind: "iam.role" as const, arn: app.role }),
      options: () => ({ roleUsers: [app.function] }),
    },
  ])("$ruleId: the plan makes the rule pass, its undo makes it fail again", async ({ ruleId, target, options }) => {
    const judgeNow = () => judge(ruleId, target(), options?.());
    const before = await judgeNow();
    expect(before.statuses).toContain("fail");
    const planner = REMEDIATIONS.find((r) => r.ruleId === ruleId)!;
    const plan = (planner.plan as (r: Resource) => RemediationPlan | undefined)(before.resource);
    if (!plan) throw new Error(`${ruleId}: no plan for the seeded resource`);
    const clients = createRemediationClients(REGION, { endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS });

    expect(await executePlan(plan.calls, clients)).toMatchObject({ status: "applied" });
    expect((await judgeNow()).statuses).toEqual(["pass"]);

    expect(await executePlan(plan.undo, clients)).toMatchObject({ status: "applied" });
    expect((await judgeNow()).statuses).toContain("fail");
  });
});
