import {
  decisionOfActionId,
  decodeRemediationRef,
  formatIssues,
  type RemediationDecision,
  type RemediationRef,
} from "@vigil/core";
import { z } from "zod";

/** A click on one of Vigil's buttons, as Slack posts it (`block_actions`), reduced to what Vigil acts on. */
export interface ButtonClick {
  readonly decision: RemediationDecision;
  readonly ref: RemediationRef;
  readonly user: { readonly id: string; readonly name?: string };
  /** The workspace and the Slack app the click came through. */
  readonly teamId: string;
  readonly appId: string;
  /** Where Slack takes an update of the clicked message (Slack's own host only). */
  readonly responseUrl?: string;
}

/** The request is signed by Slack but is not a click Vigil understands. */
export class MalformedInteractionError extends Error {
  override name = "MalformedInteractionError";
}

/** The part of Slack's `block_actions` payload Vigil reads; exactly one action, the button clicked. */
const blockActionsSchema = z.object({
  type: z.literal("block_actions"),
  team: z.object({ id: z.string().min(1) }),
  api_app_id: z.string().min(1),
  user: z.object({
    id: z.string().regex(/^[UW][A-Z0-9]{2,}$/, "a Slack user id"),
    username: z.string().optional(),
    name: z.string().optional(),
  }),
  actions: z
    .array(z.object({ action_id: z.string(), value: z.string().max(2000) }))
    .length(1, "exactly one action: the button clicked"),
  // Only Slack's host: the URL comes from the request, and the function posts to it.
  response_url: z
    .string()
    .regex(/^https:\/\/hooks\.slack\.com\//, "a hooks.slack.com URL")
    .optional(),
});

/** Reads the form-encoded body (`payload=<json>`) of an interaction request. */
export function parseButtonClick(body: string): ButtonClick {
  const payload = new URLSearchParams(body).get("payload");
  if (payload === null) throw new MalformedInteractionError("no `payload` field in the form body");
  let json: unknown;
  try {
    json = JSON.parse(payload);
  } catch {
    throw new MalformedInteractionError("`payload` is not JSON");
  }
  const parsed = blockActionsSchema.safeParse(json);
  if (!parsed.success) throw new MalformedInteractionError(formatIssues(parsed.error).replaceAll("\n", "; "));
  const [action] = parsed.data.actions;
  const decision = action && decisionOfActionId(action.action_id);
  if (!action || !decision) throw new MalformedInteractionError(`not one of Vigil's buttons: ${action?.action_id}`);
  const ref = decodeRemediationRef(action.value);
  if (!ref) throw new MalformedInteractionError("the button's value names no remediation");
  const { id, username, name } = parsed.data.user;
  const shown = username ?? name;
  const responseUrl = parsed.data.response_url;
  return {
    decision,
    ref,
    user: { id, ...(shown && { name: shown }) },
    teamId: parsed.data.team.id,
    appId: parsed.data.api_app_id,
    ...(responseUrl && { responseUrl }),
  };
}
