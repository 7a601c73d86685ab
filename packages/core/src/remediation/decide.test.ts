import { describe, expect, it } from "vitest";
import { ConfigError } from "../engine/config.ts";
import { unknown } from "../model/value.ts";
import { table } from "../testing/builders.ts";
import { checkRemediationConfig, overrideRefusal, type RemediationControls, runtimeMode } from "./controls.ts";
import { NEVER_REMEDIATE_TAG, nextStep, type RemediationContext } from "./decide.ts";
import { REMEDIATIONS } from "./index.ts";
import type { AnyRemediationPlanner } from "./plan.ts";

const planner = (ruleId: string) => REMEDIATIONS.find((r) => r.ruleId === ruleId) as AnyRemediationPlanner;
const PITR = planner("dynamodb-pitr-disabled");
const URL_AUTH = planner("lambda-url-auth-none");
const NO_CONTROLS: RemediationControls = { overrides: new Map() };
const NOW = new Date("2026-11-28T12:00:00.000Z");
const HOUR = 3_600_000;

const unprotected = table("orders", { pointInTimeRecovery: false });
const context = (overrides: Partial<RemediationContext> = {}): RemediationContext => ({
  planner: PITR,
  mode: "auto",
  resource: unprotected,
  failing: true,
  observedAt: "2026-11-28T11:59:00.000Z",
  loopWindowMs: HOUR,
  settings: {},
  now: NOW,
  ...overrides,
});

describe("runtimeMode", () => {
  it("takes vigil.config.ts's mode, dry-run when unnamed", () => {
    expect(runtimeMode(PITR, { modes: {} }, NO_CONTROLS)).toEqual({
      mode: "dry-run",
      configured: "dry-run",
      source: "config",
    });
    expect(runtimeMode(PITR, { modes: { "dynamodb-pitr-disabled": "auto" } }, NO_CONTROLS).mode).toBe("auto");
  });

  it("lets a run-time override lower the mode, never raise it above vigil.config.ts (IAM holds no more)", () => {
    const overrides = (mode: "auto" | "dry-run") =>
      new Map([["dynamodb-pitr-disabled", { ruleId: "dynamodb-pitr-disabled", mode, by: "a", at: "t" }]]);
    expect(
      runtimeMode(PITR, { modes: { "dynamodb-pitr-disabled": "auto" } }, { overrides: overrides("dry-run") }),
    ).toEqual({ mode: "dry-run", configured: "auto", source: "override" });
    expect(runtimeMode(PITR, { modes: {} }, { overrides: overrides("auto") })).toEqual({
      mode: "dry-run",
      configured: "dry-run",
      source: "capped",
    });
    expect(
      runtimeMode(PITR, { modes: { "dynamodb-pitr-disabled": "off" } }, { overrides: overrides("auto") }).mode,
    ).toBe("off");
    expect(overrideRefusal(PITR, PITR.ruleId, "auto", { modes: {} })).toContain("dry-run in vigil.config.ts");
    expect(
      overrideRefusal(PITR, PITR.ruleId, "dry-run", { modes: { "dynamodb-pitr-disabled": "auto" } }),
    ).toBeUndefined();
  });

  it("caps an approve-only plan at approve", () => {
    expect(runtimeMode(URL_AUTH, { modes: { "lambda-url-auth-none": "auto" } }, NO_CONTROLS)).toEqual({
      mode: "approve",
      configured: "auto",
      source: "capped",
    });
  });

  it("kill switch: nothing changes anywhere, plans are still posted", () => {
    const killSwitch = { engaged: true, by: "ops", at: "t" };
    expect(runtimeMode(PITR, { modes: { "dynamodb-pitr-disabled": "auto" } }, { ...NO_CONTROLS, killSwitch })).toEqual({
      mode: "dry-run",
      configured: "auto",
      source: "kill-switch",
    });
    expect(
      runtimeMode(URL_AUTH, { modes: { "lambda-url-auth-none": "approve" } }, { ...NO_CONTROLS, killSwitch }).mode,
    ).toBe("dry-run");
    expect(
      runtimeMode(PITR, { modes: {} }, { ...NO_CONTROLS, killSwitch: { ...killSwitch, engaged: false } }).mode,
    ).toBe("dry-run");
  });

  it("refuses a config naming a rule without a plan", () => {
    expect(() => checkRemediationConfig({ modes: { "lambda-tracing-disabled": "auto" } }, REMEDIATIONS)).toThrow(
      new ConfigError(
        "remediation.modes.lambda-tracing-disabled: no remediation plan for this rule (see `vigil remediation list`)",
      ),
    );
    expect(() => checkRemediationConfig({ modes: { "dynamodb-pitr-disabled": "auto" } }, REMEDIATIONS)).not.toThrow();
  });
});

describe("nextStep", () => {
  it("each mode: off does nothing, dry-run proposes, approve asks, auto applies", () => {
    expect(nextStep(context({ mode: "off" }))).toMatchObject({ step: "skip", reason: "off" });
    expect(nextStep(context({ mode: "dry-run" }))).toMatchObject({ step: "propose" });
    expect(nextStep(context({ mode: "approve" }))).toMatchObject({ step: "request-approval" });
    const applied = nextStep(context());
    expect(applied.step).toBe("apply");
    expect(applied.step === "apply" && applied.plan.calls[0]?.operation).toBe("UpdateContinuousBackups");
  });

  it("skips what the live read says needs nothing: gone, already compliant", () => {
    expect(nextStep(context({ resource: undefined }))).toMatchObject({ step: "skip", reason: "gone" });
    expect(nextStep(context({ failing: false }))).toMatchObject({ step: "skip", reason: "compliant" });
  });

  it("skips exempted resources and those tagged vigil:remediate=never", () => {
    const exemption = { rule: "*", resource: "orders", reason: "migration", expires: "2026-12-31", by: "bob" };
    expect(nextStep(context({ exemption }))).toEqual({
      step: "skip",
      reason: "exempted",
      detail: "exempted until 2026-12-31 by bob: migration",
    });
    const tagged = table("orders", {
      pointInTimeRecovery: false,
      tags: { [NEVER_REMEDIATE_TAG.key]: NEVER_REMEDIATE_TAG.value },
    });
    expect(nextStep(context({ resource: tagged }))).toMatchObject({ step: "skip", reason: "never-tag" });
    // Any other value of the tag does not stop it.
    const other = table("orders", { pointInTimeRecovery: false, tags: { [NEVER_REMEDIATE_TAG.key]: "ask" } });
    expect(nextStep(context({ resource: other })).step).toBe("apply");
  });

  it("keeps its hands off a resource whose tags could not be read: they may say never", () => {
    const unread = table("orders", { pointInTimeRecovery: false, tags: unknown("dynamodb:ListTagsOfResource denied") });
    expect(nextStep(context({ resource: unread }))).toEqual({
      step: "skip",
      reason: "never-tag",
      detail:
        "the resource's tags could not be read (dynamodb:ListTagsOfResource denied): it may be tagged vigil:remediate=never",
    });
  });

  it("loop guard: a failure read after Vigil's own change, within the window, is not remediated", () => {
    const lastRemediation = { at: "2026-11-28T11:30:00.000Z", ruleId: "dynamodb-deletion-protection-off" };
    expect(nextStep(context({ lastRemediation }))).toMatchObject({ step: "skip", reason: "loop-guard" });
    // Read before that change: the same evaluation found both problems, both may be fixed.
    expect(nextStep(context({ lastRemediation, observedAt: "2026-11-28T11:29:00.000Z" })).step).toBe("apply");
    // The window has passed.
    expect(nextStep(context({ lastRemediation, now: new Date("2026-11-28T12:31:00.000Z") })).step).toBe("apply");
  });

  it("makes no plan without a setting it needs", () => {
    const concurrency = planner("lambda-concurrency-uncapped");
    expect(nextStep(context({ planner: concurrency, resource: unprotected }))).toMatchObject({
      step: "skip",
      reason: "no-plan",
    });
  });

  it("applies an approved plan only if the live state still yields it, and only in approve or auto", () => {
    const proposed = nextStep(context({ mode: "approve" }));
    if (proposed.step !== "request-approval") throw new Error("expected an approval request");
    expect(nextStep(context({ mode: "approve" }), proposed.plan).step).toBe("apply");
    expect(nextStep(context({ mode: "dry-run" }), proposed.plan)).toMatchObject({
      step: "skip",
      reason: "not-approvable",
    });
    const changed = { ...proposed.plan, calls: [{ ...proposed.plan.calls[0]!, input: { TableName: "other" } }] };
    expect(nextStep(context({ mode: "approve" }), changed)).toMatchObject({ step: "skip", reason: "plan-changed" });
  });
});
