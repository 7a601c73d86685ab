/**
 * Every remediation plan, end to end through the mocked SDK: the resource's before state read by the real targeted
 * reader fails the real rule; the planner's calls, made by the executor, reach the SDK exactly as planned; the
 * after state passes the rule; the undo calls reach the SDK exactly as planned too.
 */
import { type PlannedCall, REMEDIATIONS } from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { operationOf } from "../readers/live/permissions.ts";
import { FAKE_REGION, type FakeAccount, fakeAccount } from "../readers/live/testing/fake-account.ts";
import { executePlan } from "./executor.ts";
import { observe, PLAN_SCENARIOS, planFor } from "./testing/plan-scenarios.ts";

let account: FakeAccount;
beforeEach(() => {
  account = fakeAccount(1);
});
afterEach(() => account.restore());

/** One call a mocked client received (sinon's record of it). */
type RecordedCall = ReturnType<FakeAccount["stubs"]["lambda"]["calls"]>[number];

/** The commands the mocked clients received since the last reset, in order, as calls without IAM action. */
function receivedCalls() {
  const received = Object.entries(account.stubs).flatMap(([service, stub]) =>
    stub.calls().map((call) => ({ service, call: call as RecordedCall })),
  );
  return received
    .sort((a, b) => (a.call.calledBefore(b.call) ? -1 : 1))
    .map(({ service, call }) => {
      const command = call.args[0] as { input: object };
      return { service, operation: operationOf(command), input: command.input };
    });
}

const withoutIamAction = (calls: readonly PlannedCall[]) => calls.map(({ iamAction: _, ...call }) => call);

function resetHistory(): void {
  for (const stub of Object.values(account.stubs)) stub.resetHistory();
}

describe("remediation plans through the mocked SDK", () => {
  it("has a scenario for every plan of the catalogue", () => {
    expect(PLAN_SCENARIOS.map((s) => s.ruleId).sort()).toEqual(REMEDIATIONS.map((r) => r.ruleId).sort());
  });

  it.each(PLAN_SCENARIOS)(
    "$ruleId: fails before, calls exactly the plan, passes after; the undo calls exactly its calls",
    async (scenario) => {
      const clients = account.clients(FAKE_REGION);

      scenario.before(account.stubs);
      const before = await observe(account, scenario);
      expect(before.readErrors).toEqual([]);
      expect(before.statuses).toContain("fail");

      const plan = planFor(scenario, before.resource);
      if (!plan) throw new Error(`${scenario.ruleId}: no plan for the failing state`);
      expect(withoutIamAction(plan.calls)).toEqual(scenario.calls);
      expect(withoutIamAction(plan.undo)).toEqual(scenario.undo);
      resetHistory();
      expect(await executePlan(plan.calls, clients)).toEqual({ status: "applied", calls: plan.calls });
      expect(receivedCalls()).toEqual(scenario.calls);

      scenario.after(account.stubs);
      const after = await observe(account, scenario);
      expect(after.readErrors).toEqual([]);
      expect(after.statuses).toEqual(["pass"]);

      resetHistory();
      expect(await executePlan(plan.undo, clients)).toEqual({ status: "applied", calls: plan.undo });
      expect(receivedCalls()).toEqual(scenario.undo);
    },
  );
});
