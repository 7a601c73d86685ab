import { createHmac, timingSafeEqual } from "node:crypto";

/** Slack's window for a request's timestamp, either way: older is stale, newer is a clock error or forged. */
export const SLACK_TIMESTAMP_TOLERANCE_SECONDS = 300;

export type SignatureCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly reason: "missing" | "malformed" | "stale" | "future" | "mismatch" };

export interface SignedRequest {
  /** `X-Slack-Request-Timestamp`: seconds since the epoch. */
  readonly timestamp: string | undefined;
  /** `X-Slack-Signature`: `v0=` and the hex HMAC-SHA256. */
  readonly signature: string | undefined;
  /** The raw body, exactly as received. */
  readonly body: string;
}

/**
 * Slack's v0 request signature: HMAC-SHA256 of `v0:<timestamp>:<body>` with the app's signing secret, compared in
 * constant time, and a timestamp within five minutes of now in either direction.
 */
export function verifySlackSignature(request: SignedRequest, signingSecret: string, now: Date): SignatureCheck {
  const { timestamp, signature, body } = request;
  if (timestamp === undefined || signature === undefined) return { ok: false, reason: "missing" };
  if (!/^\d{1,12}$/.test(timestamp) || !/^v0=[0-9a-f]{64}$/.test(signature)) return { ok: false, reason: "malformed" };
  const age = Math.floor(now.getTime() / 1000) - Number(timestamp);
  if (age > SLACK_TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: "stale" };
  if (age < -SLACK_TIMESTAMP_TOLERANCE_SECONDS) return { ok: false, reason: "future" };
  const expected = slackSignature(signingSecret, timestamp, body);
  // Both are `v0=` + 64 hex characters here, so the lengths match as timingSafeEqual needs.
  return timingSafeEqual(Buffer.from(expected), Buffer.from(signature))
    ? { ok: true }
    : { ok: false, reason: "mismatch" };
}

/** Signs a request as Slack does (for tests and local tools). */
export function slackSignature(signingSecret: string, timestamp: string, body: string): string {
  return `v0=${createHmac("sha256", signingSecret).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}
