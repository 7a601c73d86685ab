import { GetResourcesCommand } from "@aws-sdk/client-resource-groups-tagging-api";
import type { Resource, ResourceKind } from "@vigil/core";
import type { ReadSession } from "./session.ts";
import { readPages } from "./shared.ts";

export const TAGGING_PERMISSIONS = ["tag:GetResources"];

/**
 * Kinds whose sweep reads no tags of its own: their list calls carry none, and one tag call per resource would
 * cost more than the rest of the resource's reads (Lambda ListTags, DynamoDB ListTagsOfResource…).
 */
const TAGGED_BY_TAGGING_API: readonly ResourceKind[] = ["lambda.function", "dynamodb.table", "sqs.queue", "sns.topic"];

/** `service[:type]` filters as the Tagging API spells them; bare services where moto knows no finer type. */
const RESOURCE_TYPE_FILTERS = ["lambda:function", "dynamodb:table", "sqs", "sns"];

export type TagsByArn = ReadonlyMap<string, Readonly<Record<string, string>>>;

/**
 * Tags of a region's functions, tables, queues and topics in one paginated call (100 resources a page) instead of
 * one call per resource. A failed page is an error in the ledger (AccessDenied names `tag:GetResources`) and
 * leaves the tags read so far.
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
  return new Map(
    pages.items.flatMap(({ ResourceARN, Tags }) =>
      ResourceARN ? [[ResourceARN, Object.fromEntries((Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""]))]] : [],
    ),
  );
}

/** The resources with the tags the Tagging API holds for the kinds that read none themselves. */
export function withTags(resources: readonly Resource[], tags: TagsByArn): Resource[] {
  return resources.map((resource) => {
    const found = TAGGED_BY_TAGGING_API.includes(resource.kind) ? tags.get(resource.arn) : undefined;
    return found ? { ...resource, tags: { ...found, ...resource.tags } } : resource;
  });
}
