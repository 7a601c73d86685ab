import { type AlertThread, SlackError, type SlackPoster } from "@vigil/aws";
import {
  type FindingEventDetail,
  isOpening,
  renderAlert,
  renderDigest,
  routeAlert,
  type SlackRouting,
} from "@vigil/core";
import type { ClaimResult } from "./claims.ts";

/** One finding event to announce, from one queue record. */
export interface NotifyRequest {
  readonly recordId: string;
  readonly detail: FindingEventDetail;
}

/** Slack threads of failing findings, when the poster can answer in threads (a bot token can, a webhook cannot). */
export interface ThreadStore {
  get(resourceId: string, ruleId: string, channel: string): Promise<AlertThread | undefined>;
  put(resourceId: string, ruleId: string, thread: AlertThread, now: Date): Promise<void>;
}

export interface Claims {
  claim(key: string, remainingTimeInMillis: number): Promise<ClaimResult>;
  complete(key: string): Promise<void>;
  release(key: string): Promise<void>;
}

export interface NotifierOptions {
  readonly poster: SlackPoster;
  readonly routing: SlackRouting;
  readonly claims: Claims;
  /** Set with a bot token: alerts go to routed channels and follow-ups answer in threads. */
  readonly threads?: ThreadStore;
  readonly now?: () => Date;
  /** Told of each failure, with the transition it concerns (the handler logs them). */
  readonly onProblem?: (problem: NotifyProblem) => void;
}

export interface NotifyProblem {
  readonly stage: "claim" | "post" | "thread";
  readonly transitionId: string;
  readonly channel: string;
  readonly error: unknown;
}

/** A post Slack refused for good (a revoked token, an unknown channel): its records are not retried. */
export interface DroppedPost {
  readonly channel: string;
  readonly transitionIds: readonly string[];
  readonly error: SlackError;
}

export interface NotifyOutcome {
  /** Records to return to the queue: a delivery of theirs failed or is in progress elsewhere. */
  readonly failedRecords: ReadonlySet<string>;
  /** Posts no retry can make succeed: dropped, for the handler to log with their fix and count. */
  readonly dropped: readonly DroppedPost[];
  readonly alerts: number;
  readonly digests: number;
  /** Deliveries already made by an earlier attempt: skipped. */
  readonly duplicates: number;
}

/** The channel a webhook posts to, which the webhook fixes. */
const WEBHOOK_CHANNEL = "";

/**
 * The channels an event's messages go to: with a bot token (`routed`), those its routes name (or the default
 * channel); with a webhook, the webhook's own.
 */
export function alertChannels(detail: FindingEventDetail, routing: SlackRouting, routed: boolean): string[] {
  const channels = routed ? routeAlert(detail, routing) : [];
  return channels.length > 0 ? [...new Set(channels)] : [WEBHOOK_CHANNEL];
}

interface Delivery extends NotifyRequest {
  readonly channel: string;
  readonly key: string;
}

/**
 * Announces a batch of finding events on Slack: per channel, one alert per event, or one digest when at least
 * `digestThreshold` events arrive together. Each (event, channel) delivery is claimed before posting, so a retried
 * record never posts twice; a failed post releases its claim and fails its record for a retry, unless Slack refused
 * it for good (then retries would only carry it to the dead letters): that post is dropped and reported.
 */
export class Notifier {
  readonly #options: NotifierOptions;

  constructor(options: NotifierOptions) {
    this.#options = options;
  }

  async notify(requests: readonly NotifyRequest[], remainingTimeInMillis: () => number): Promise<NotifyOutcome> {
    const failedRecords = new Set<string>();
    let duplicates = 0;
    const claimed: Delivery[] = [];
    for (const delivery of this.#deliveries(requests)) {
      let claim: ClaimResult;
      try {
        claim = await this.#options.claims.claim(delivery.key, remainingTimeInMillis());
      } catch (error) {
        this.#problem("claim", delivery, error);
        failedRecords.add(delivery.recordId);
        continue;
      }
      if (claim === "claimed") claimed.push(delivery);
      else if (claim === "delivered") duplicates++;
      else failedRecords.add(delivery.recordId);
    }

    let alerts = 0;
    let digests = 0;
    const dropped: DroppedPost[] = [];
    const settle = async (deliveries: readonly Delivery[], post: () => Promise<unknown>): Promise<boolean> => {
      const result = await this.#settle(deliveries, post);
      if (result instanceof SlackError) {
        const { channel } = deliveries[0] as Delivery;
        dropped.push({ channel, transitionIds: deliveries.map((d) => d.detail.transitionId), error: result });
      } else if (!result) {
        for (const delivery of deliveries) failedRecords.add(delivery.recordId);
      }
      return result === true;
    };
    const threshold = this.#options.routing.digestThreshold;
    for (const group of groupBy(claimed, (delivery) => delivery.channel).values()) {
      if (group.length >= threshold) {
        if (await settle(group, () => this.#post(renderDigest(group.map((d) => d.detail)), group[0]))) digests++;
        continue;
      }
      for (const delivery of group) {
        if (await settle([delivery], () => this.#postAlert(delivery))) alerts++;
      }
    }
    return { failedRecords, dropped, alerts, digests, duplicates };
  }

  /** Each event once per channel it routes to; with a webhook, once (the webhook fixes the channel). */
  #deliveries(requests: readonly NotifyRequest[]): Delivery[] {
    return requests.flatMap((request) => {
      const channels = alertChannels(request.detail, this.#options.routing, this.#options.threads !== undefined);
      return channels.map((channel) => ({
        ...request,
        channel,
        key: `${request.detail.transitionId}|${channel}`,
      }));
    });
  }

  async #postAlert(delivery: Delivery): Promise<void> {
    const { detail, channel } = delivery;
    const { resourceId, ruleId } = detail.finding;
    const threads = this.#options.threads;
    const opens = isOpening(detail.transition);
    const thread = threads && !opens ? await threads.get(resourceId, ruleId, channel) : undefined;
    const posted = await this.#options.poster.post(renderAlert(detail), {
      ...(channel && { channel }),
      ...(thread && { threadTs: thread.ts }),
    });
    if (threads && opens && posted.ts) {
      const now = this.#options.now?.() ?? new Date();
      // The alert is out: a lost thread only makes the follow-up a message of its own, so it fails nothing.
      await threads
        .put(resourceId, ruleId, { channel, ts: posted.ts }, now)
        .catch((error: unknown) => this.#problem("thread", delivery, error));
    }
  }

  #post(message: ReturnType<typeof renderDigest>, first: Delivery | undefined) {
    return this.#options.poster.post(message, first?.channel ? { channel: first.channel } : {});
  }

  #problem(stage: NotifyProblem["stage"], delivery: Delivery, error: unknown): void {
    this.#options.onProblem?.({ stage, transitionId: delivery.detail.transitionId, channel: delivery.channel, error });
  }

  /**
   * Runs a post; completes its deliveries' claims on success (true), releases them on failure: false to retry, or
   * the SlackError no retry can fix (reported once, by the caller, rather than per delivery here).
   */
  async #settle(deliveries: readonly Delivery[], post: () => Promise<unknown>): Promise<boolean | SlackError> {
    const { claims } = this.#options;
    try {
      await post();
    } catch (error) {
      const permanent = error instanceof SlackError && !error.retryable;
      if (!permanent) for (const delivery of deliveries) this.#problem("post", delivery, error);
      await Promise.allSettled(deliveries.map((delivery) => claims.release(delivery.key)));
      return permanent ? error : false;
    }
    // A claim that cannot be completed stays in progress and expires: at worst one repeat, never a lost alert.
    await Promise.allSettled(deliveries.map((delivery) => claims.complete(delivery.key)));
    return true;
  }
}

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}
