import type { GetResourcesCommandInput, GetResourcesCommandOutput } from "@aws-sdk/client-resource-groups-tagging-api";
import { RESOURCE_KINDS, type Resource } from "@vigil/core";
import { type Known, page, pageSize, type Reply, type ServedAccount, type ServiceAnswers, tagList } from "./served.ts";

/** IAM is global: the Tagging API of a region lists none of it. */
const REGIONAL_KINDS = RESOURCE_KINDS.filter((kind) => !kind.startsWith("iam."));

/**
 * `service:type` of an ARN as the Tagging API filters it: the first segment of the resource part
 * (`function`, `table`, `restapis`), or the kind's own type where the ARN names none (queues, topics, buckets).
 */
function resourceTypeOf(resource: Known<Resource>): string {
  const [, , service, , , ...rest] = resource.arn.split(":");
  const part = rest.join(":");
  const type = /[:/]/.test(part) ? (part.split(/[:/]/).find(Boolean) ?? "") : resource.kind.split(".")[1];
  return `${service}:${type}`;
}

function matchesFilters(resource: Known<Resource>, filters: readonly string[] | undefined): boolean {
  if (!filters?.length) return true;
  const type = resourceTypeOf(resource);
  return filters.some((filter) => filter === type || filter === type.slice(0, type.indexOf(":")));
}

export const taggingAnswers: ServiceAnswers = {
  GetResources: (input: GetResourcesCommandInput, account: ServedAccount): Reply<GetResourcesCommandOutput> => {
    // The API lists only resources that carry tags.
    const tagged = REGIONAL_KINDS.flatMap((kind) => account.regional(kind) as Known<Resource>[])
      .filter((r) => Object.keys(r.tags).length > 0)
      .filter((r) => matchesFilters(r, input.ResourceTypeFilters))
      .filter((r) => !input.ResourceARNList?.length || input.ResourceARNList.includes(r.arn));
    const listed = page(tagged, input.PaginationToken || undefined, pageSize(input.ResourcesPerPage, 50, 100));
    return {
      ResourceTagMappingList: listed.items.map((r) => ({ ResourceARN: r.arn, Tags: tagList(r.tags) })),
      // The last page ends with an empty token, not an absent one.
      PaginationToken: listed.next ?? "",
    };
  },
};
