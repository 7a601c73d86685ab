import { SEVERITIES } from "../engine/rule.ts";
import type { FindingEventDetail } from "../findings/finding-event.ts";
import { resourceLink, SEVERITY_EMOJI, TRANSITION_LABEL } from "./alert.ts";
import { type Block, escapeText, mrkdwn, plain, type SlackMessage, withinLimits } from "./blocks.ts";

const DEFAULT_MAX_LINES = 25;

/** Counts as `3 new failure, 1 resolved`, most frequent first. */
function tally(values: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([value, count]) => `${count} ${value}`)
    .join(", ");
}

/**
 * One message for many transitions that arrived together (a deploy, a sweep): totals by transition and by
 * severity, then one line per finding, most severe first, capped at `maxLines` with the rest counted.
 */
export function renderDigest(
  details: readonly FindingEventDetail[],
  options: { maxLines?: number } = {},
): SlackMessage {
  const maxLines = options.maxLines ?? DEFAULT_MAX_LINES;
  const sorted = [...details].sort(
    (a, b) => SEVERITIES.indexOf(a.finding.severity) - SEVERITIES.indexOf(b.finding.severity),
  );
  const byTransition = tally(details.map((d) => TRANSITION_LABEL[d.transition].toLowerCase()));
  const bySeverity = tally(sorted.map((d) => d.finding.severity));
  const lines = sorted
    .slice(0, maxLines)
    .map(
      (d) =>
        `${SEVERITY_EMOJI[d.finding.severity]} *${TRANSITION_LABEL[d.transition]}* · \`${escapeText(d.rule.id)}\` · ${resourceLink(d)}`,
    );
  const more = sorted.length - lines.length;
  // Sections hold 3,000 characters: lines are grouped so that none is cut.
  const sections: Block[] = [];
  let current = "";
  for (const line of lines) {
    if (current.length + line.length + 1 > 2900) {
      sections.push({ type: "section", text: mrkdwn(current) });
      current = "";
    }
    current = current ? `${current}\n${line}` : line;
  }
  if (current) sections.push({ type: "section", text: mrkdwn(current) });
  const blocks: Block[] = [
    { type: "header", text: plain(`Vigil: ${details.length} finding changes`) },
    { type: "section", text: mrkdwn(`${byTransition}\nBy severity: ${bySeverity}`) },
    ...sections,
    ...(more > 0 ? [{ type: "context" as const, elements: [mrkdwn(`…and ${more} more`)] }] : []),
  ];
  const text = `Vigil: ${details.length} finding changes (${byTransition})${details
    .map((d) => `\n${escapeText(`${d.finding.resourceName ?? d.finding.resourceId}: ${d.rule.id}`)}`)
    .join("")}`;
  return withinLimits({ text, blocks });
}
