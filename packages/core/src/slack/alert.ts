import type { Severity } from "../engine/rule.ts";
import type { FindingEventDetail, PublishedTransition } from "../findings/finding-event.ts";
import { type Block, escapeText, link, mrkdwn, plain, type SlackMessage, truncate, withinLimits } from "./blocks.ts";
import { consoleUrl } from "./console-link.ts";

export const SEVERITY_EMOJI: Readonly<Record<Severity, string>> = {
  critical: ":red_circle:",
  high: ":large_orange_circle:",
  medium: ":large_yellow_circle:",
  low: ":large_blue_circle:",
  info: ":white_circle:",
};

export const TRANSITION_LABEL: Readonly<Record<PublishedTransition, string>> = {
  "new-failure": "New failure",
  regression: "Regression",
  resolved: "Resolved",
  "severity-changed": "Severity changed",
  "exemption-expired": "Exemption expired",
  exempted: "Exempted",
  error: "Cannot evaluate",
  gone: "Resource deleted",
};

/** Transitions that close a problem: their alert is short, no evidence or guidance. */
const CLOSING: ReadonlySet<PublishedTransition> = new Set(["resolved", "gone", "exempted"]);

/** The resource's name, linked to its console page when the ARN says where that is. */
export function resourceLink(detail: FindingEventDetail): string {
  const { finding } = detail;
  const name = finding.resourceName ?? finding.resourceId;
  const url = consoleUrl(finding.resourceId, finding.resourceKind);
  return url ? link(url, name) : `\`${escapeText(name)}\``;
}

/** One line of evidence, as a reader of the alert needs it. */
export function evidenceLine(evidence: FindingEventDetail["finding"]["evidence"][number]): string {
  switch (evidence.type) {
    case "setting":
      return `• \`${escapeText(evidence.path)}\` = \`${escapeText(truncate(JSON.stringify(evidence.value) ?? "undefined", 300))}\``;
    case "statement": {
      const where = `${evidence.policy}, statement ${evidence.index}${evidence.sid ? ` (${evidence.sid})` : ""}`;
      const body = truncate(JSON.stringify(evidence.statement) ?? "", 600);
      return `• ${escapeText(where)}\n\`\`\`${escapeText(body)}\`\`\``;
    }
    case "edge":
      return `• ${escapeText(evidence.from)} → ${escapeText(evidence.to)} (${escapeText(evidence.relation)})`;
  }
}

/** The one-line text of an alert: Slack shows it in notifications and wherever blocks cannot be shown. */
export function alertSummary(detail: FindingEventDetail): string {
  const { finding, rule, transition } = detail;
  const name = finding.resourceName ?? finding.resourceId;
  // Slack parses `text` for mentions too: the name and title are escaped here as in the blocks.
  return `${TRANSITION_LABEL[transition]} (${finding.severity}): ${escapeText(`${rule.title} — ${name}`)}`;
}

/**
 * The Slack alert of one finding transition: severity, what happened, the rule, the resource (linked to its
 * console page), the finding's message and evidence, the remediation guidance and the practice it serves.
 */
export function renderAlert(detail: FindingEventDetail): SlackMessage {
  const { finding, rule, transition, previous } = detail;
  const closing = CLOSING.has(transition);
  const headline = closing
    ? `:white_check_mark: ${TRANSITION_LABEL[transition]}: ${rule.title}`
    : `${SEVERITY_EMOJI[finding.severity]} ${TRANSITION_LABEL[transition]} · ${finding.severity}: ${rule.title}`;
  const blocks: Block[] = [
    { type: "header", text: plain(headline) },
    {
      type: "section",
      fields: [
        mrkdwn(`*Resource*\n${resourceLink(detail)}`, 2000),
        mrkdwn(`*Rule*\n\`${escapeText(rule.id)}\``, 2000),
        mrkdwn(
          `*Severity*\n${finding.severity}${previous && previous.severity !== finding.severity ? ` (was ${previous.severity})` : ""}`,
          2000,
        ),
        mrkdwn(
          `*Account / region*\n${escapeText(detail.account ?? "?")} / ${escapeText(detail.region ?? "global")}`,
          2000,
        ),
      ],
    },
  ];
  if (closing) {
    blocks.push({ type: "section", text: mrkdwn(closingText(detail)) });
  } else {
    blocks.push({ type: "section", text: mrkdwn(escapeText(finding.message)) });
    if (finding.evidence.length > 0) {
      blocks.push({
        type: "section",
        text: mrkdwn(`*Evidence*\n${finding.evidence.map(evidenceLine).join("\n")}`),
      });
    }
    blocks.push({ type: "section", text: mrkdwn(`*Remediation*\n${escapeText(rule.remediation)}`) });
  }
  blocks.push({
    type: "context",
    elements: [
      mrkdwn(`Practice ${rule.practice}: ${escapeText(rule.practiceName)}`),
      mrkdwn(`first seen ${finding.firstSeen} · observed ${finding.observedAt}`),
    ],
  });
  return withinLimits({ text: alertSummary(detail), blocks });
}

function closingText(detail: FindingEventDetail): string {
  const { finding, transition } = detail;
  if (transition === "gone") return "The resource was deleted; its findings are closed.";
  if (transition === "exempted" && finding.exemption) {
    const { reason, expires, by } = finding.exemption;
    return `Exempted until ${escapeText(expires)}${by ? ` by ${escapeText(by)}` : ""}: ${escapeText(reason)}`;
  }
  return `No longer failing since ${finding.lastChanged}.`;
}
