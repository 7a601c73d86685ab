import { RESOURCE_KINDS, type ResourceRef } from "@vigil/core";
import { z } from "zod";

/**
 * Fields that earlier versions wrote and this one ignores (`expand`: what depends on a resource is now derived from
 * the rules' declared context). Dropped before the strict parse, so that messages already queued still parse.
 */
const RETIRED_FIELDS = ["expand"];

function withoutRetiredFields(body: unknown): unknown {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return body;
  return Object.fromEntries(Object.entries(body).filter(([key]) => !RETIRED_FIELDS.includes(key)));
}

/**
 * The body of one evaluation-queue message (ingest and sweep write it, evaluate reads it): a `ResourceRef` and the
 * time of the event that named it. The event time is a hint for metrics only; findings carry the live read time.
 */
export const evaluationMessageSchema = z.preprocess(
  withoutRetiredFields,
  z
    .object({
      kind: z.enum(RESOURCE_KINDS),
      arn: z.string().startsWith("arn:"),
      account: z.string().regex(/^\d{12}$/, "a 12-digit account id"),
      region: z.string(),
      reason: z.string().min(1),
      deleted: z.literal(true).optional(),
      /** Set on a dependant's re-check: the resource whose change caused it. Dependants fan out no further. */
      dependantOf: z.string().startsWith("arn:").optional(),
      eventTime: z.iso.datetime({ offset: true }),
    })
    .strict(),
) satisfies z.ZodType<ResourceRef>;

export type EvaluationMessage = z.output<typeof evaluationMessageSchema>;
