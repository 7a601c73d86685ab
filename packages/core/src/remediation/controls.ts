import { ConfigError, type RemediationConfig } from "../engine/config.ts";
import {
  type AnyRemediationPlanner,
  configuredMode,
  effectiveMode,
  REMEDIATION_MODES,
  type RemediationMode,
} from "./plan.ts";

/** Who changed a control at run time, when and why: every change is audited. */
export interface ControlChange {
  readonly by: string;
  readonly at: string;
  readonly reason?: string;
}

/** A rule's mode switched at run time (`vigil remediation set`), over the one vigil.config.ts gives it. */
export interface ModeOverride extends ControlChange {
  readonly ruleId: string;
  readonly mode: RemediationMode;
}

/** While engaged, no remediation changes anything: plans are still posted, as in `dry-run`. */
export interface KillSwitch extends ControlChange {
  readonly engaged: boolean;
}

/** The run-time controls as the table holds them. */
export interface RemediationControls {
  readonly overrides: ReadonlyMap<string, ModeOverride>;
  readonly killSwitch?: KillSwitch;
}

/** Where a rule's mode comes from, so that `vigil remediation list` can say why a rule does what it does. */
export type ModeSource = "config" | "override" | "capped" | "kill-switch";

export interface RuntimeMode {
  readonly mode: RemediationMode;
  readonly configured: RemediationMode;
  readonly source: ModeSource;
}

const rank = (mode: RemediationMode) => REMEDIATION_MODES.indexOf(mode);

/**
 * The mode a remediation runs in now. vigil.config.ts is the ceiling: the remediator's role holds a plan's actions
 * only when the plan is configured `approve` or `auto`, so an override may lower the mode, never raise it. Then the
 * plan's own cap (`maxMode`), and the kill switch, which stops every change but still lets plans be posted.
 */
export function runtimeMode(
  planner: Pick<AnyRemediationPlanner, "ruleId" | "optIn" | "maxMode">,
  config: Pick<RemediationConfig, "modes">,
  controls: RemediationControls,
): RuntimeMode {
  const configured = configuredMode(planner, config.modes);
  if (configured === "off") return { mode: "off", configured, source: "config" };
  const override = controls.overrides.get(planner.ruleId);
  const raised = override !== undefined && rank(override.mode) > rank(configured);
  const wanted = override && !raised ? override.mode : configured;
  const capped = effectiveMode(wanted, planner);
  if (capped !== "off" && capped !== "dry-run" && controls.killSwitch?.engaged) {
    return { mode: "dry-run", configured, source: "kill-switch" };
  }
  const source: ModeSource = capped !== wanted || raised ? "capped" : override ? "override" : "config";
  return { mode: capped, configured, source };
}

/** Why a run-time mode cannot be set, or undefined when it can. */
export function overrideRefusal(
  planner: AnyRemediationPlanner | undefined,
  ruleId: string,
  mode: RemediationMode,
  config: Pick<RemediationConfig, "modes">,
): string | undefined {
  if (!planner) return `rule ${ruleId} has no remediation plan (see \`vigil remediation list\`)`;
  const configured = configuredMode(planner, config.modes);
  if (rank(mode) > rank(configured)) {
    // Below approve the remediator's role holds none of the plan's actions: only a deploy can grant them.
    return (
      `${ruleId} is ${configured} in vigil.config.ts, the most it may do at run time: ` +
      `set remediation.modes["${ruleId}"] = "${mode}" there and deploy`
    );
  }
  return undefined;
}

/** Rule ids of `remediation.modes` that have no plan: a typo there would otherwise silently leave a rule in dry-run. */
export function checkRemediationConfig(
  config: Pick<RemediationConfig, "modes">,
  remediations: readonly Pick<AnyRemediationPlanner, "ruleId">[],
): void {
  const planned = new Set(remediations.map((r) => r.ruleId));
  const problems = Object.keys(config.modes)
    .filter((ruleId) => !planned.has(ruleId))
    .map((ruleId) => `remediation.modes.${ruleId}: no remediation plan for this rule (see \`vigil remediation list\`)`);
  if (problems.length > 0) throw new ConfigError(problems.join("\n"));
}
