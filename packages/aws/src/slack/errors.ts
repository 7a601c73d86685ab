/**
 * Slack errors a retry cannot fix, each with what to do about it: the Web API's `error` codes (HTTP 200,
 * `ok: false`; https://api.slack.com/methods/chat.postMessage#errors) and an incoming webhook's error bodies
 * (HTTP 4xx; https://api.slack.com/messaging/webhooks#handling_errors).
 */
const BOT_TOKEN =
  "store a current bot token (xoxb-…) of the installed Slack app in the SlackBotToken secret " +
  "(aws secretsmanager put-secret-value --secret-id <app>/<stage>/SlackBotToken --secret-string 'xoxb-…')";
const SCOPE =
  "give the Slack app the chat:write scope (OAuth & Permissions), reinstall it, and store the new bot token";
const CHANNEL =
  "name an existing channel in vigil.config.ts (service.slack.routes / defaultChannel), preferably by its id (C…), and redeploy";
const INVITE = "invite the bot to the channel (/invite @<app name> in that channel)";
const ARCHIVED = "unarchive the channel, or route its alerts to another one in vigil.config.ts and redeploy";
const WEBHOOK =
  "the webhook no longer exists (removed, or its app uninstalled): create an incoming webhook and store its URL in " +
  "the SlackWebhookUrl secret (aws secretsmanager put-secret-value --secret-id <app>/<stage>/SlackWebhookUrl …)";
const MALFORMED = "Slack refused the message itself: a Vigil bug; report it with this log entry";

const PERMANENT_FIXES: Readonly<Record<string, string>> = {
  invalid_auth: BOT_TOKEN,
  not_authed: BOT_TOKEN,
  account_inactive: BOT_TOKEN,
  token_revoked: BOT_TOKEN,
  token_expired: BOT_TOKEN,
  not_allowed_token_type: BOT_TOKEN,
  missing_scope: SCOPE,
  no_permission: SCOPE,
  access_denied: SCOPE,
  restricted_action: "a workspace admin restricts posting to this channel: allow the app or route elsewhere",
  channel_not_found: CHANNEL,
  no_channel: "a bot token posts to channels: set service.slack.defaultChannel in vigil.config.ts and redeploy",
  not_in_channel: INVITE,
  is_archived: ARCHIVED,
  invalid_blocks: MALFORMED,
  invalid_blocks_format: MALFORMED,
  msg_too_long: MALFORMED,
  no_text: MALFORMED,
  // Incoming webhooks.
  no_service: WEBHOOK,
  no_active_hooks: WEBHOOK,
  invalid_token: WEBHOOK,
  action_prohibited: "a workspace admin restricts this webhook: allow the app, or create a webhook for another channel",
  posting_to_general_channel_denied: "only admins may post to #general: make the webhook for another channel",
  channel_is_archived: ARCHIVED,
  invalid_payload: MALFORMED,
  too_many_attachments: MALFORMED,
};

/** Whether Slack's error code says the same request will never succeed. */
export const isPermanentSlackError = (code: string): boolean => Object.hasOwn(PERMANENT_FIXES, code);

/** What to do about a permanent error; for another 4xx, where to read about it. */
export const slackErrorFix = (code: string): string =>
  PERMANENT_FIXES[code] ??
  `Slack refused the request (${code}): see https://api.slack.com/messaging/webhooks#handling_errors`;
