import type { PlannedCall, RemediationPlan } from "../remediation/plan.ts";
import type { RemediationRecord } from "../remediation/record.ts";
import { decisionActionId, encodeRemediationRef, SLACK_EXEMPTION_DAYS } from "../remediation/reference.ts";
import {
  type Block,
  type ButtonElement,
  escapeText,
  mrkdwn,
  plain,
  type SlackMessage,
  truncate,
  withinLimits,
} from "./blocks.ts";

const HEADLINE: Readonly<Record<RemediationRecord["status"], readonly [emoji: string, label: string]>> = {
  proposed: [":memo:", "Dry run: Vigil would"],
  "awaiting-approval": [":raising_hand:", "Approval needed: Vigil would"],
  approved: [":ok_hand:", "Approved:"],
  applying: [":gear:", "Applying:"],
  ignored: [":see_no_evil:", "Ignored:"],
  exempted: [":shield:", "Exempted:"],
  applied: [":wrench:", "Remediated:"],
  failed: [":x:", "Remediation failed:"],
  skipped: [":pause_button:", "Not remediated:"],
  deferred: [":hourglass:", "Deferred:"],
};

/** One API call as a reviewer reads it: the operation and its exact input. */
function callLine(call: PlannedCall): string {
  return `\`${call.service}:${call.operation}\` ${escapeText(truncate(JSON.stringify(call.input), 700))}`;
}

function callsSection(title: string, calls: readonly PlannedCall[]): Block {
  return { type: "section", text: mrkdwn(`*${title}*\n${calls.map(callLine).join("\n")}`) };
}

function planBlocks(plan: RemediationPlan): Block[] {
  const changes = plan.changes
    .map(
      (change) =>
        `• \`${escapeText(change.path)}\`: \`${escapeText(truncate(JSON.stringify(change.before) ?? "unset", 300))}\`` +
        ` → \`${escapeText(truncate(JSON.stringify(change.after) ?? "unset", 300))}\``,
    )
    .join("\n");
  return [
    { type: "section", text: mrkdwn(`*Changes*\n${changes}`) },
    callsSection("Calls", plan.calls),
    callsSection("Undo", plan.undo),
  ];
}

function decisionButtons(record: RemediationRecord): Block {
  const value = encodeRemediationRef(record.ref);
  const button = (decision: "approve" | "exempt" | "ignore", label: string, style?: ButtonElement["style"]) => ({
    type: "button" as const,
    text: plain(label, 75),
    action_id: decisionActionId(decision),
    value,
    ...(style && { style }),
  });
  return {
    type: "actions",
    elements: [
      button("approve", "Approve", "primary"),
      button("exempt", `Exempt ${SLACK_EXEMPTION_DAYS} days`),
      button("ignore", "Ignore", "danger"),
    ],
  };
}

function statusLine(record: RemediationRecord): string | undefined {
  switch (record.status) {
    case "proposed":
      return (
        `Mode \`dry-run\`: nothing was changed. \`vigil remediation set ${record.ref.ruleId} approve\` asks ` +
        "for approval here next time."
      );
    case "awaiting-approval":
      return "Nothing changes until an approver decides. The live state is read again before anything is applied.";
    case "applying":
      return record.decision ? `approved by <@${escapeText(record.decision.by)}>` : "mode `auto`";
    case "approved":
    case "ignored":
    case "exempted":
      return `by <@${escapeText(record.decision.by)}> at ${record.decision.at}`;
    case "applied":
    case "failed":
    case "skipped":
    case "deferred":
      return escapeText(record.detail);
  }
}

/**
 * The Slack message of a remediation, posted in the thread of the finding's alert: the plan (changes, exact calls,
 * how to undo them), buttons while it awaits approval, then who decided and what happened.
 */
export function renderRemediation(record: RemediationRecord): SlackMessage {
  const { resourceName } = record;
  const summary = record.plan?.summary ?? `remediate ${record.ref.ruleId} on ${resourceName}`;
  const [emoji, label] = HEADLINE[record.status];
  const headline = `${label} ${summary}`;
  const blocks: Block[] = [{ type: "section", text: mrkdwn(`${emoji} *${escapeText(headline)}*`) }];
  if (record.plan && record.status !== "skipped" && record.status !== "deferred") {
    blocks.push(...planBlocks(record.plan));
  }
  const status = statusLine(record);
  if (status) blocks.push({ type: "context", elements: [mrkdwn(status)] });
  if (record.status === "awaiting-approval") blocks.push(decisionButtons(record));
  blocks.push({
    type: "context",
    elements: [mrkdwn(`\`${escapeText(record.ref.ruleId)}\` · ${escapeText(resourceName)} · mode ${record.mode}`)],
  });
  return withinLimits({ text: escapeText(truncate(headline, 300)), blocks });
}
