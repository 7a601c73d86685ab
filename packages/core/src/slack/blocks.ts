/**
 * The subset of Slack's Block Kit that Vigil posts, typed, with Slack's limits: a message that breaks one is
 * refused by Slack (`invalid_blocks`), so every text is cut to fit before it is sent.
 */

export interface TextObject {
  readonly type: "mrkdwn" | "plain_text";
  readonly text: string;
}

export interface ButtonElement {
  readonly type: "button";
  readonly text: TextObject & { readonly type: "plain_text" };
  readonly action_id: string;
  readonly value: string;
  readonly style?: "primary" | "danger";
}

export type Block =
  | { readonly type: "header"; readonly text: TextObject & { readonly type: "plain_text" } }
  | { readonly type: "section"; readonly text?: TextObject; readonly fields?: readonly TextObject[] }
  | { readonly type: "context"; readonly elements: readonly TextObject[] }
  | { readonly type: "divider" }
  | { readonly type: "actions"; readonly elements: readonly ButtonElement[] };

/** What a Slack poster sends: blocks, and the plain `text` Slack shows in notifications and where blocks cannot. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly Block[];
}

export const SLACK_LIMITS = {
  headerText: 150,
  sectionText: 3000,
  fields: 10,
  fieldText: 2000,
  contextElements: 10,
  blocks: 50,
  /** Slack truncates `text` beyond 40,000 characters; notifications show far less. */
  fallbackText: 4000,
} as const;

/** Cuts text to `max` characters, marking the cut. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}

/**
 * Text from outside Vigil (resource names, messages, evidence) made inert for mrkdwn: `&`, `<` and `>` escaped, so
 * that `<!channel>` or a `<url|label>` link inside a name can neither ping nor mislead.
 */
export function escapeText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

/** A mrkdwn link; the label is escaped, the URL is Vigil's own. */
export function link(url: string, label: string): string {
  return `<${url}|${escapeText(label).replaceAll("|", "¦")}>`;
}

export const plain = (text: string, max: number = SLACK_LIMITS.headerText): TextObject & { type: "plain_text" } => ({
  type: "plain_text",
  text: truncate(text, max),
});

export const mrkdwn = (text: string, max: number = SLACK_LIMITS.sectionText): TextObject => ({
  type: "mrkdwn",
  text: truncate(text, max),
});

/** Keeps a message within Slack's limits: at most 50 blocks, at most 10 fields per section. */
export function withinLimits(message: SlackMessage): SlackMessage {
  const blocks = message.blocks
    .slice(0, SLACK_LIMITS.blocks)
    .map((block) =>
      block.type === "section" && block.fields && block.fields.length > SLACK_LIMITS.fields
        ? { ...block, fields: block.fields.slice(0, SLACK_LIMITS.fields) }
        : block.type === "context" && block.elements.length > SLACK_LIMITS.contextElements
          ? { ...block, elements: block.elements.slice(0, SLACK_LIMITS.contextElements) }
          : block,
    );
  return { text: truncate(message.text, SLACK_LIMITS.fallbackText), blocks };
}
