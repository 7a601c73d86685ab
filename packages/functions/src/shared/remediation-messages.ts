import {
  FINDING_EVENT_DETAIL_TYPE,
  FINDING_EVENT_SOURCE,
  findingEventDetailSchema,
  type RemediationRef,
  remediationRefSchema,
} from "@vigil/core";
import { z } from "zod";

/**
 * A finding event as the bus delivers it to a queue: the EventBridge envelope around the contract. Only the fields
 * the consumers use are required of the envelope (moto, for one, leaves out `account`).
 */
export const findingEventEnvelopeSchema = z.object({
  id: z.string().min(1),
  source: z.literal(FINDING_EVENT_SOURCE),
  "detail-type": z.literal(FINDING_EVENT_DETAIL_TYPE),
  detail: findingEventDetailSchema,
});

/** slack-actions → remediate: a person approved this remediation; apply it if the live state still allows. */
export const approvalMessageSchema = z.object({ type: z.literal("approved"), ref: remediationRefSchema }).strict();

export const approvalMessage = (ref: RemediationRef) => ({ type: "approved" as const, ref });

/** What the remediate queue carries: finding events from the bus, approvals from slack-actions. */
export const remediateMessageSchema = z.union([findingEventEnvelopeSchema, approvalMessageSchema]);
