import { evaluateEach, type Resource, ResourceModel, RULES, resolveConfig, resourceLabel } from "@vigil/core";
import type { Finding } from "./score.ts";

/** Fixed so the figures do not move with the calendar (runtime end-of-life dates, redeploy age). */
export const JUDGED_AT = new Date("2026-12-01T00:00:00Z");

/** Vigil's failing results under the default configuration, labelled as `vigil check --format json` labels them. */
export function vigilFindings(stacks: readonly (readonly Resource[])[]): Finding[] {
  const models = stacks.map((resources) => new ResourceModel(resources));
  const report = evaluateEach(models, resolveConfig({}, RULES), { now: JUDGED_AT });
  return report.results
    .filter((result) => result.status === "fail")
    .map((result) => ({ resource: resourceLabel(result), ruleId: result.ruleId, message: result.message }));
}
