import { AccountClient, paginateListRegions } from "@aws-sdk/client-account";
import type { ClientOptions } from "./clients.ts";

/** `vigil scan --region all` lists the account's enabled regions with this one call (declared in the policy). */
export const REGION_LISTING_PERMISSIONS = ["account:ListRegions"];

/** The enabled regions could not be listed (typically `account:ListRegions` is not granted). */
export class RegionListError extends Error {
  override name = "RegionListError";
}

/** The regions enabled for the account (opt-in regions included once enabled), sorted. */
export async function listEnabledRegions(options: ClientOptions): Promise<string[]> {
  const client = new AccountClient({
    region: options.region,
    ...(options.credentials && { credentials: options.credentials }),
    ...(options.endpoint && { endpoint: options.endpoint }),
  });
  const regions: string[] = [];
  try {
    const pages = paginateListRegions({ client }, { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] });
    for await (const page of pages) {
      for (const region of page.Regions ?? []) if (region.RegionName) regions.push(region.RegionName);
    }
  } catch (error) {
    throw new RegionListError(`cannot list the enabled regions (account:ListRegions): ${(error as Error).message}`, {
      cause: error,
    });
  }
  return regions.sort();
}
