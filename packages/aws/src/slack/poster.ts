import type { SlackMessage } from "@vigil/core";
import { isPermanentSlackError, slackErrorFix } from "./errors.ts";

/** Where to post: a channel (bot token only) and the thread to answer in. */
export interface SlackTarget {
  readonly channel?: string;
  readonly threadTs?: string;
}

/** What Slack answered: with a bot token, the message's channel and timestamp (the id a thread replies to). */
export interface SlackPosted {
  readonly channel?: string;
  readonly ts?: string;
}

export interface SlackPoster {
  post(message: SlackMessage, target?: SlackTarget): Promise<SlackPosted>;
}

/**
 * Slack refused or never answered. `retryable` says whether the same request may succeed later (rate limits,
 * outages, exhausted retries) or never will (a revoked token, an unknown channel). Messages never carry the token
 * or the webhook URL.
 */
export class SlackError extends Error {
  override name = "SlackError";
  /** What to do, when no retry will help. */
  readonly fix: string | undefined;
  constructor(
    message: string,
    readonly code: string,
    readonly retryable: boolean,
    readonly status?: number,
  ) {
    super(message);
    this.fix = retryable ? undefined : slackErrorFix(code);
  }
}

export interface PosterOptions {
  /** Attempts per message, the first included. Default 5. */
  readonly maxAttempts?: number;
  /** Per-request timeout. Default 10 s. */
  readonly timeoutMs?: number;
  /** The longest Retry-After honoured; a longer one fails the attempt as retryable. Default 30 s. */
  readonly maxRetryAfterMs?: number;
  /** Base of the exponential backoff after a 5xx or network error. Default 500 ms. */
  readonly backoffMs?: number;
  readonly fetch?: typeof fetch;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly random?: () => number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

interface Attempt {
  readonly status: number;
  readonly retryAfterMs?: number;
  readonly body: string;
}

/**
 * Sends one request with Slack's retry rules: HTTP 429 waits `Retry-After`, 5xx and network errors back off
 * exponentially with jitter, everything bounded by `maxAttempts`. `interpret` turns a 2xx answer into the result
 * or a SlackError (the Web API answers errors with HTTP 200 and `ok: false`).
 */
async function send<T>(
  request: () => { url: string; init: RequestInit },
  interpret: (attempt: Attempt) => T,
  options: PosterOptions,
): Promise<T> {
  const maxAttempts = options.maxAttempts ?? 5;
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? defaultSleep;
  const random = options.random ?? Math.random;
  let lastError: SlackError | undefined;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    let answer: Attempt;
    try {
      const { url, init } = request();
      const response = await doFetch(url, { ...init, signal: AbortSignal.timeout(options.timeoutMs ?? 10_000) });
      const retryAfter = Number(response.headers.get("retry-after"));
      answer = {
        status: response.status,
        body: await response.text(),
        ...(Number.isFinite(retryAfter) && retryAfter >= 0 && { retryAfterMs: retryAfter * 1000 }),
      };
    } catch (error) {
      // Network failure or timeout: the message may or may not have arrived; Slack offers no idempotency key.
      // The cause is not kept: fetch errors can quote the URL, and a webhook URL is a secret.
      lastError = new SlackError(`Slack unreachable: ${(error as Error).name}`, "network", true);
      if (attempt < maxAttempts) await sleep(backoff(attempt, options, random));
      continue;
    }
    if (answer.status === 429) {
      const wait = answer.retryAfterMs ?? backoff(attempt, options, random);
      lastError = new SlackError("Slack rate limit (HTTP 429)", "rate_limited", true, 429);
      if (wait > (options.maxRetryAfterMs ?? 30_000)) throw lastError;
      if (attempt < maxAttempts) await sleep(wait);
      continue;
    }
    if (answer.status >= 500) {
      lastError = new SlackError(`Slack answered HTTP ${answer.status}`, `http_${answer.status}`, true, answer.status);
      if (attempt < maxAttempts) await sleep(backoff(attempt, options, random));
      continue;
    }
    if (answer.status >= 400) {
      // A webhook answers its errors as a bare code in the body (`no_service`, `invalid_token`, …).
      const code = /^[a-z_]{2,64}$/.test(answer.body.trim()) ? answer.body.trim() : `http_${answer.status}`;
      throw new SlackError(
        `Slack refused the message: HTTP ${answer.status} ${answer.body.slice(0, 100)}`,
        code,
        false,
        answer.status,
      );
    }
    return interpret(answer);
  }
  throw new SlackError(
    `${lastError?.message ?? "Slack failed"} after ${maxAttempts} attempts`,
    lastError?.code ?? "exhausted",
    true,
    lastError?.status,
  );
}

function backoff(attempt: number, options: PosterOptions, random: () => number): number {
  const base = (options.backoffMs ?? 500) * 2 ** (attempt - 1);
  return Math.round(base / 2 + random() * (base / 2));
}

const json = (body: unknown): RequestInit => ({
  method: "POST",
  headers: { "content-type": "application/json; charset=utf-8" },
  body: JSON.stringify(body),
});

/** An incoming webhook: posts to the channel the webhook was made for; no threads, no timestamps. */
export class WebhookSlackPoster implements SlackPoster {
  readonly #url: string;
  readonly #options: PosterOptions;

  constructor(url: string, options: PosterOptions = {}) {
    if (!/^https:\/\/|^http:\/\/127\.0\.0\.1[:/]/.test(url)) {
      throw new SlackError("the Slack webhook URL must be an https:// URL", "invalid_url", false);
    }
    this.#url = url;
    this.#options = options;
  }

  async post(message: SlackMessage): Promise<SlackPosted> {
    return send(
      () => ({ url: this.#url, init: json({ text: message.text, blocks: message.blocks }) }),
      () => ({}),
      this.#options,
    );
  }
}

/** A bot token (`chat.postMessage`): any channel the bot is in, threads, and the posted message's timestamp. */
export class BotSlackPoster implements SlackPoster {
  readonly #token: string;
  readonly #apiBaseUrl: string;
  readonly #options: PosterOptions;

  constructor(token: string, options: PosterOptions & { apiBaseUrl?: string } = {}) {
    this.#token = token;
    this.#apiBaseUrl = (options.apiBaseUrl ?? "https://slack.com/api").replace(/\/$/, "");
    this.#options = options;
  }

  async post(message: SlackMessage, target: SlackTarget = {}): Promise<SlackPosted> {
    if (!target.channel)
      throw new SlackError("a bot token needs a channel (service.slack.defaultChannel)", "no_channel", false);
    const body = {
      channel: target.channel,
      text: message.text,
      blocks: message.blocks,
      ...(target.threadTs && { thread_ts: target.threadTs }),
      unfurl_links: false,
    };
    return send(
      () => {
        const init = json(body);
        return {
          url: `${this.#apiBaseUrl}/chat.postMessage`,
          init: {
            ...init,
            headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${this.#token}` },
          },
        };
      },
      ({ body: text }) => {
        let answer: { ok?: boolean; error?: string; ts?: string; channel?: string };
        try {
          answer = JSON.parse(text);
        } catch {
          throw new SlackError("Slack answered something that is not JSON", "invalid_response", true);
        }
        if (!answer.ok) {
          const code = answer.error ?? "unknown_error";
          throw new SlackError(`Slack refused the message: ${code}`, code, !isPermanentSlackError(code));
        }
        return { ...(answer.channel && { channel: answer.channel }), ...(answer.ts && { ts: answer.ts }) };
      },
      this.#options,
    );
  }
}
