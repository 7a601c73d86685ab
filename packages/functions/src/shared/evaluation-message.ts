import { RESOURCE_KINDS, type ResourceRef } from "@vigil/core";
import { z } from "zod";

/**
 * The body of one evaluation-queue message (ingest and sweep write it, evaluate reads it): a `ResourceRef` and the
 * time of the event that named it. The event time is a hint for metrics only; findings carry the live read time.
 */
export const evaluationMessageSchema = z
  .object({
    kind: z.enum(RESOURCE_KINDS),
    arn: z.string().startsWith("arn:"),
    account: z.string().regex(/^\d{12}$/, "a 12-digit account id"),
    region: z.string(),
    reason: z.string().min(1),
    deleted: z.literal(true).optional(),
    /** Written by earlier versions; what depends on a resource is now derived from the rules' declared context. */
    expand: z.enum(["functions-using-role", "roles-using-policy"]).optional(),
    /** Set on a dependant's re-check: the resource whose change caused it. Dependants fan out no further. */
    dependantOf: z.string().startsWith("arn:").optional(),
    eventTime: z.iso.datetime({ offset: true }),
  })
  .strict() satisfies z.ZodType<ResourceRef>;

export type EvaluationMessage = z.output<typeof evaluationMessageSchema>;
