import { GetResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import { isUnknown, type Resource, type ResourceKind, type Unknown, unknown } from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { readPages, tagMap } from "./shared.ts";

export const TAGGING_PERMISSIONS = ["tag:GetResources"];

/**
 * Kinds whose sweep reads no tags of its own: their list calls carry none, and one tag call per resource would
 * cost more than the rest of the resource's reads (Lambda ListTags, DynamoDB ListTagsOfResource…).
 */
const TAGGED_BY_TAGGING_API: readonly ResourceKind[] = [
  "lambda.function",
  "dynamodb.table",
  "sqs.queue",
  "sns.topic",
  "s3.bucket",
];

/** `service[:type]` filters as the Tagging API spells them; bare services where moto knows no finer type. */
const RESOURCE_TYPE_FILTERS = ["lambda:function", "dynamodb:table", "sqs", "sns", "s3"];

/** The tags the Tagging API holds, by ARN; `failed` when a page failed and the resources not listed are unknown. */
export interface TagsByArn {
  readonly byArn: ReadonlyMap<string, Readonly<Record<string, string>>>;
  readonly failed?: Unknown;
}

/**
 * Tags of a region's functions, tables, queues, topics and buckets in one paginated call (100 resources a page)
 * instead of one call per resource. A failed page is an error in the ledger (AccessDenied names
 * `tag:GetResources`) and leaves the tags read so far.
 */
export async function readRegionTags(session: ReadSession): Promise<TagsByArn> {
  const pages = await readPages(
    session,
    "tagging",
    (PaginationToken) =>
      new GetResourcesCommand({ ResourceTypeFilters: RESOURCE_TYPE_FILTERS, ResourcesPerPage: 100, PaginationToken }),
    // The API ends with an empty token, not an absent one.
    (o) => ({ items: o.ResourceTagMappingList, next: o.PaginationToken || undefined }),
  );
  const byArn = new Map(
    pages.items.flatMap(({ ResourceARN, Tags }) => (ResourceARN ? [[ResourceARN, tagMap(Tags)]] : [])),
  );
  return pages.failed ? { byArn, failed: unknown(pages.failed) } : { byArn };
}

/**
 * The resources with the tags the Tagging API holds for the kinds that read none themselves. The API lists only
 * tagged resources: one it did not list has no tags, unless a page failed (then its tags are unknown).
 */
export function withTags(resources: readonly Resource[], tags: TagsByArn): Resource[] {
  return resources.map((resource) => {
    if (!TAGGED_BY_TAGGING_API.includes(resource.kind) || isUnknown(resource.tags)) return resource;
    const found = tags.byArn.get(resource.arn) ?? tags.failed;
    if (!found) return resource;
    return { ...resource, tags: isUnknown(found) ? found : { ...found, ...resource.tags } };
  });
}
