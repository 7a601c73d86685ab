import { z } from "zod";
import { MissingFieldError, normalizeEventName, refsForApiCall, serviceOf } from "./cloudtrail.ts";
import { CONFIG_RESOURCE_TYPES, isConfigResourceType } from "./config-types.ts";
import { type EventRefs, ignored, rejected } from "./refs.ts";

export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";
export const CONFIG_DETAIL_TYPE = "Config Configuration Item Change";

const envelopeSchema = z.object({
  "detail-type": z.string().min(1),
  account: z.string().min(1),
  region: z.string().min(1),
  detail: z.record(z.string(), z.unknown()),
});

/** CloudTrail writes `null` for calls without parameters or answer. */
const fieldsSchema = z.record(z.string(), z.unknown()).nullish();

const cloudTrailDetailSchema = z.object({
  eventSource: z.string().min(1),
  eventName: z.string().min(1),
  awsRegion: z.string().min(1).optional(),
  recipientAccountId: z.string().min(1).optional(),
  requestParameters: fieldsSchema,
  responseElements: fieldsSchema,
  errorCode: z.string().optional(),
});

/** The fields a full configuration item and an oversized item's summary share. */
const itemSchema = z.object({
  resourceType: z.string().min(1),
  ARN: z.string().min(1).optional(),
  arn: z.string().min(1).optional(),
  awsAccountId: z.string().optional(),
  awsRegion: z.string().optional(),
  configurationItemStatus: z.string().optional(),
  changeType: z.string().optional(),
});

const configDetailSchema = z.object({
  messageType: z.enum(["ConfigurationItemChangeNotification", "OversizedConfigurationItemChangeNotification"]),
  configurationItem: itemSchema.nullish(),
  configurationItemSummary: itemSchema.nullish(),
  configurationItemDiff: z.object({ changeType: z.string().optional() }).nullish(),
});

/** Statuses of a configuration item for a resource that no longer exists. */
const DELETED_STATUSES = new Set(["ResourceDeleted", "ResourceDeletedNotRecorded"]);

function issues(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`).join("; ");
}

function cloudTrailRefs(detailInput: unknown, envelope: z.infer<typeof envelopeSchema>): EventRefs {
  const parsed = cloudTrailDetailSchema.safeParse(detailInput);
  if (!parsed.success) return rejected(`malformed CloudTrail detail: ${issues(parsed.error)}`);
  const detail = parsed.data;
  const name = normalizeEventName(detail.eventName);
  const service = serviceOf(detail.eventSource);
  if (detail.errorCode) return ignored(`${service}:${name} failed (${detail.errorCode}): nothing changed`);
  try {
    const refs = refsForApiCall({
      name,
      service,
      // IAM events forwarded from us-east-1 keep the region and account of the call itself.
      account: detail.recipientAccountId ?? envelope.account,
      region: detail.awsRegion ?? envelope.region,
      request: detail.requestParameters ?? {},
      response: detail.responseElements ?? {},
    });
    return typeof refs === "string" ? ignored(refs) : { refs };
  } catch (error) {
    if (error instanceof MissingFieldError) return rejected(error.message);
    throw error;
  }
}

function configRefs(detailInput: unknown, envelope: z.infer<typeof envelopeSchema>): EventRefs {
  const parsed = configDetailSchema.safeParse(detailInput);
  if (!parsed.success) return rejected(`malformed Config detail: ${issues(parsed.error)}`);
  const detail = parsed.data;
  const item = detail.configurationItem ?? detail.configurationItemSummary;
  if (!item) return rejected(`${detail.messageType} without configurationItem or configurationItemSummary`);
  if (!isConfigResourceType(item.resourceType)) return ignored(`Config type ${item.resourceType} is not modelled`);
  const arn = item.ARN ?? item.arn;
  if (!arn) return rejected(`configuration item of ${item.resourceType} without ARN`);
  const changeType = detail.configurationItemDiff?.changeType ?? item.changeType;
  const deleted =
    changeType === "DELETE" ||
    (item.configurationItemStatus !== undefined && DELETED_STATUSES.has(item.configurationItemStatus));
  const kind = CONFIG_RESOURCE_TYPES[item.resourceType];
  const region = item.awsRegion ?? envelope.region;
  return {
    refs: [
      {
        kind,
        arn,
        account: item.awsAccountId ?? envelope.account,
        // Config reports IAM items in region "global".
        region: region === "global" ? "" : region,
        reason: `config:${item.resourceType} ${changeType ?? item.configurationItemStatus ?? "change"}`,
        ...(deleted && { deleted: true as const }),
      },
    ],
  };
}

/**
 * The resources an EventBridge event names for re-checking: a CloudTrail API call or a Config item change.
 * Pure and total: unknown events are `ignored`, malformed ones `rejected`, never thrown.
 */
export function refsForEvent(event: unknown): EventRefs {
  const envelope = envelopeSchema.safeParse(event);
  if (!envelope.success) return rejected(`not an EventBridge event: ${issues(envelope.error)}`);
  const detailType = envelope.data["detail-type"];
  if (detailType === CLOUDTRAIL_DETAIL_TYPE) return cloudTrailRefs(envelope.data.detail, envelope.data);
  if (detailType === CONFIG_DETAIL_TYPE) return configRefs(envelope.data.detail, envelope.data);
  return rejected(`detail-type "${detailType}" is not subscribed`);
}
