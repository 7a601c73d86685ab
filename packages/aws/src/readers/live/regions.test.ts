import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";
import { listEnabledRegions, RegionListError } from "./regions.ts";

const account = mockClient(AccountClient);
const ec2 = mockClient(EC2Client);
const credentials = { accessKeyId: "testing", secretAccessKey: "testing" };
afterEach(() => {
  account.reset();
  ec2.reset();
});
const denied = () => Object.assign(new Error("not authorized"), { name: "AccessDeniedException" });

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

  it("falls back to ec2:DescribeRegions (the enabled regions only) when ListRegions fails", async () => {
    account.on(ListRegionsCommand).rejects(denied());
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: "us-east-1" }, { RegionName: "ap-south-2" }] });
    expect(await listEnabledRegions({ region: "us-east-1", credentials })).toEqual(["ap-south-2", "us-east-1"]);
    expect(ec2.commandCalls(DescribeRegionsCommand)[0]!.args[0].input).not.toHaveProperty("AllRegions", true);
  });

  it("names both permissions when both ways are denied", async () => {
    account.on(ListRegionsCommand).rejects(denied());
    ec2.on(DescribeRegionsCommand).rejects(denied());
    const error = await listEnabledRegions({ region: "us-east-1", credentials }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(RegionListError);
    expect((error as Error).message).toMatch(
      /account:ListRegions: not authorized; ec2:DescribeRegions: not authorized/,
    );
  });
});
