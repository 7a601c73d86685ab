import type { AnyRule } from "../engine/rule.ts";
import type { AnyRemediationPlanner } from "../remediation/plan.ts";

const cell = (text: string) => text.replace(/\|/g, "\\|");

/** docs/remediations.md: every remediation plan with its rule, cap, default, IAM actions and what it does. */
export function renderRemediationCatalogueMarkdown(
  remediations: readonly AnyRemediationPlanner[],
  rules: readonly AnyRule[],
): string {
  const titles = new Map(rules.map((rule) => [rule.id, rule.title]));
  const sorted = [...remediations].sort((a, b) => a.ruleId.localeCompare(b.ruleId));
  const lines = [
    "# Remediation plans",
    "",
    "<!-- Generated from the plans' metadata by `npm run docs`; do not edit by hand. -->",
    "",
    `Vigil has ${sorted.length} remediation plans, each beside its rule (\`<rule-id>.remediation.ts\`). A plan is made ` +
      "from the resource's live state right before acting and states its exact calls and their undo; see " +
      "[remediation.md](remediation.md) for modes, approvals and safety. *Max* is the furthest mode the plan allows; " +
      "*default* is its mode when `remediation.modes` does not name it.",
    "",
    "| Rule | Finding | Resource | Max | Default | IAM actions |",
    "| --- | --- | --- | --- | --- | --- |",
    ...sorted.map(
      (planner) =>
        `| [\`${planner.ruleId}\`](rules.md#${planner.ruleId}) | ${cell(titles.get(planner.ruleId) ?? "")} | ` +
        `${planner.kind} | ${planner.maxMode} | ${planner.optIn ? "off (opt-in)" : "dry-run"} | ` +
        `${planner.actions.map((action) => `\`${action}\``).join(", ")} |`,
    ),
    "",
    ...sorted.flatMap((planner) => [`### \`${planner.ruleId}\``, "", planner.description, ""]),
  ];
  return `${lines.join("\n").trimEnd()}\n`;
}
