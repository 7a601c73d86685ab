import {
  type CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
  type Trail,
} from "@aws-sdk/client-cloudtrail";

/**
 * Whether a trail's selectors let write management events through: basic selectors not `ReadOnly`, or an
 * advanced selector on management events whose `readOnly` field does not keep only reads.
 */
async function logsWriteManagementEvents(client: CloudTrailClient, trail: Trail): Promise<boolean> {
  const selectors = await client.send(new GetEventSelectorsCommand({ TrailName: trail.TrailARN ?? trail.Name }));
  if (selectors.AdvancedEventSelectors?.length) {
    return selectors.AdvancedEventSelectors.some(({ FieldSelectors = [] }) => {
      const management = FieldSelectors.some(
        (field) => field.Field === "eventCategory" && field.Equals?.includes("Management"),
      );
      const readsOnly = FieldSelectors.some(
        (field) => field.Field === "readOnly" && (field.Equals?.includes("true") || field.NotEquals?.includes("false")),
      );
      return management && !readsOnly;
    });
  }
  return (selectors.EventSelectors ?? []).some(
    (selector) => selector.IncludeManagementEvents !== false && selector.ReadWriteType !== "ReadOnly",
  );
}

/** What a trail search needed, for the message of a denied call. */
export interface TrailSearch {
  action: string;
}

/** A trail that logs write management events of `region`, among those the region's CloudTrail endpoint lists. */
export async function writeTrailOf(
  client: CloudTrailClient,
  region: string,
  search: TrailSearch,
): Promise<Trail | undefined> {
  search.action = "cloudtrail:DescribeTrails";
  // Shadow trails: multi-region and organization trails homed elsewhere, which cover this region too.
  const { trailList = [] } = await client.send(new DescribeTrailsCommand({ includeShadowTrails: true }));
  for (const trail of trailList.filter(
    (candidate) => candidate.IsMultiRegionTrail || candidate.HomeRegion === region,
  )) {
    search.action = "cloudtrail:GetTrailStatus";
    const status = await client.send(new GetTrailStatusCommand({ Name: trail.TrailARN ?? trail.Name }));
    if (!status.IsLogging) continue;
    search.action = "cloudtrail:GetEventSelectors";
    if (await logsWriteManagementEvents(client, trail)) return trail;
  }
  return undefined;
}
