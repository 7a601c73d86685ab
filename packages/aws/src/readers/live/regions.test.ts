import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listEnabledRegions, RegionListError } from "./regions.ts";

const account = mockClient(AccountClient);
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
afterEach(() => account.reset());

describe("listEnabledRegions", () => {
  it("pages ListRegions for the enabled regions only", async () => {
    account
      .on(ListRegionsCommand, { NextToken: undefined })
      .resolves({ Regions: [{ RegionName: "us-east-1", RegionOptStatus: "ENABLED_BY_DEFAULT" }], NextToken: "t" })
      .on(ListRegionsCommand, { NextToken: "t" })
      .resolves({ Regions: [{ RegionName: "eu-south-1", RegionOptStatus: "ENABLED" }] });
    expect(await listEnabledRegions({ region: "us-east-1", credentials })).toEqual(["eu-south-1", "us-east-1"]);
    expect(account.commandCalls(ListRegionsCommand)[0]!.args[0].input).toMatchObject({
      RegionOptStatusContains: ["ENABLED", "ENABLED_BY_DEFAULT"],
    });
  });

  it("names the permission when the call is denied", async () => {
    account
      .on(ListRegionsCommand)
      .rejects(Object.assign(new Error("not authorized"), { name: "AccessDeniedException" }));
    await expect(listEnabledRegions({ region: "us-east-1", credentials })).rejects.toThrow(RegionListError);
    await expect(listEnabledRegions({ region: "us-east-1", credentials })).rejects.toThrow(/account:ListRegions/);
  });
});
