import {
  IdempotencyConfig,
  IdempotencyItemAlreadyExistsError,
  IdempotencyItemNotFoundError,
} from "@aws-lambda-powertools/idempotency";
import type { BasePersistenceLayer } from "@aws-lambda-powertools/idempotency/persistence";

export type ClaimResult = "claimed" | "delivered" | "busy";

const DELIVERY_KEY = "delivery";

/**
 * At-most-once Slack deliveries on Powertools idempotency records: a delivery is claimed (IN_PROGRESS) before it
 * is posted, completed after, released when posting failed. A retried record finds its delivery completed and
 * posts nothing; a claim left by a crashed invocation expires with that invocation's remaining time, so the
 * delivery is retried, not lost.
 */
export class DeliveryClaims {
  constructor(
    private readonly persistence: BasePersistenceLayer,
    functionName: string,
    /** How long a completed delivery is remembered: longer than any retry of its record. */
    rememberSeconds = 7 * 24 * 60 * 60,
  ) {
    persistence.configure({
      config: new IdempotencyConfig({ eventKeyJmesPath: DELIVERY_KEY, expiresAfterSeconds: rememberSeconds }),
      functionName,
    });
  }

  async claim(key: string, remainingTimeInMillis: number): Promise<ClaimResult> {
    try {
      await this.persistence.saveInProgress({ [DELIVERY_KEY]: key }, remainingTimeInMillis);
      return "claimed";
    } catch (error) {
      if (!(error instanceof IdempotencyItemAlreadyExistsError)) throw error;
      // DynamoDB returns the existing item with the refusal; stores that do not (dynalite) are asked again.
      const existing = error.existingRecord ?? (await this.#existing(key));
      return existing?.getStatus() === "COMPLETED" ? "delivered" : "busy";
    }
  }

  async #existing(key: string) {
    try {
      return await this.persistence.getRecord({ [DELIVERY_KEY]: key });
    } catch (error) {
      // Expired or deleted in between: not delivered; the caller's next attempt claims it.
      if (error instanceof IdempotencyItemNotFoundError) return undefined;
      throw error;
    }
  }

  async complete(key: string): Promise<void> {
    await this.persistence.saveSuccess({ [DELIVERY_KEY]: key }, { delivered: true });
  }

  async release(key: string): Promise<void> {
    await this.persistence.deleteRecord({ [DELIVERY_KEY]: key });
  }
}
