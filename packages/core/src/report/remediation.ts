import type { Remediation } from "../engine/rule.ts";

/** Remediation as plain text (SARIF help text, terminals). */
export function remediationText(remediation: Remediation): string {
  return [
    `Remediation: ${remediation.summary}`,
    ...(remediation.steps ?? []).map((step, index) => `${index + 1}. ${step}`),
    ...(remediation.cli ? [`CLI: ${remediation.cli}`] : []),
    ...(remediation.iac ? [`IaC: ${remediation.iac}`] : []),
  ].join("\n");
}

/** Remediation as Markdown (SARIF help, docs/rules.md). */
export function remediationMarkdown(remediation: Remediation): string {
  const parts = [`**Remediation.** ${remediation.summary}`];
  if (remediation.steps?.length) parts.push(remediation.steps.map((step, index) => `${index + 1}. ${step}`).join("\n"));
  if (remediation.cli) parts.push(`CLI:\n\n\`\`\`sh\n${remediation.cli}\n\`\`\``);
  if (remediation.iac) parts.push(`IaC:\n\n\`\`\`\n${remediation.iac}\n\`\`\``);
  return parts.join("\n\n");
}
