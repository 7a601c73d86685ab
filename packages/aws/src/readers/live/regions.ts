import { AccountClient, paginateListRegions } from "@aws-sdk/client-account";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import type { ClientOptions } from "./clients.ts";
import { describeFailure, recordEndpoint } from "./session.ts";

/**
 * `vigil scan --region all` lists the account's enabled regions with `account:ListRegions`, and with
 * `ec2:DescribeRegions` where that fails (not granted, or an endpoint without the Account API): both declared in
 * the policy.
 */
export const REGION_LISTING_PERMISSIONS = ["account:ListRegions", "ec2:DescribeRegions"];

/** The enabled regions could not be listed either way. */
export class RegionListError extends Error {
  override name = "RegionListError";
}

/** The regions enabled for the account (opt-in regions included once enabled), sorted. */
export async function listEnabledRegions(options: ClientOptions): Promise<string[]> {
  const config = {
    region: options.region,
    ...(options.credentials && { credentials: options.credentials }),
    ...(options.endpoint && { endpoint: options.endpoint }),
  };
  const account = new AccountClient(config);
  const accountEndpoint = recordEndpoint(account);
  let listRegionsFailure: string;
  try {
    return await listRegions(account);
  } catch (error) {
    listRegionsFailure = describeFailure(error, accountEndpoint()).message;
  }
  const ec2 = new EC2Client(config);
  const ec2Endpoint = recordEndpoint(ec2);
  try {
    return await describeRegions(ec2);
  } catch (error) {
    throw new RegionListError(
      "cannot list the enabled regions: " +
        `account:ListRegions: ${listRegionsFailure}; ec2:DescribeRegions: ${describeFailure(error, ec2Endpoint()).message}`,
      { cause: error },
    );
  }
}

async function listRegions(client: AccountClient): Promise<string[]> {
  const regions: string[] = [];
  const pages = paginateListRegions({ client }, { RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"] });
  for await (const page of pages) {
    for (const region of page.Regions ?? []) if (region.RegionName) regions.push(region.RegionName);
  }
  return regions.sort();
}

/** EC2 lists only the regions enabled for the account unless asked for all. */
async function describeRegions(client: EC2Client): Promise<string[]> {
  const { Regions } = await client.send(new DescribeRegionsCommand({}));
  return (Regions ?? [])
    .map((region) => region.RegionName)
    .filter((name): name is string => name !== undefined)
    .sort();
}
