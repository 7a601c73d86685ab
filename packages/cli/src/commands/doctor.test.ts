import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  CloudTrailClient,
  DescribeTrailsCommand,
  GetEventSelectorsCommand,
  GetTrailStatusCommand,
} from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from "@aws-sdk/client-config-service";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";

const sts = mockClient(STSClient);
const cloudtrail = mockClient(CloudTrailClient);
const config = mockClient(ConfigServiceClient);
let root: string;

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-doctor-"));
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  for (const stub of [sts, cloudtrail, config]) stub.restore();
});
beforeEach(() => {
  for (const stub of [sts, cloudtrail, config]) stub.reset();
  vi.stubEnv("AWS_REGION", "us-east-1");
  vi.stubEnv("AWS_ACCESS_KEY_ID", "testing");
  vi.stubEnv("AWS_SECRET_ACCESS_KEY", "testing");
  sts.on(GetCallerIdentityCommand).resolves({ Account: "123456789012", Arn: "arn:aws:iam::123456789012:user/auditor" });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
});

describe("vigil doctor", () => {
  it("prints each check with its fix and exits 1 when one fails", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({ trailList: [] });

    const { code, stdout } = await runVigil(["doctor"], root);

    expect(code).toBe(1);
    expect(stdout).toContain("✓ AWS credentials: account 123456789012");
    expect(stdout).toContain("✗ CloudTrail trail with management events: no trail covers us-east-1");
    expect(stdout).toContain("fix: create a trail");
    expect(stdout).toContain("! AWS Config recorder: not recording");
    expect(stdout).toContain("- Findings table: pass --stage");
    expect(stdout).toMatch(/1 check\(s\) failed, 1 warning\(s\)/);
  });

  it("answers JSON and exits 0 when nothing fails", async () => {
    cloudtrail.on(DescribeTrailsCommand).resolves({
      trailList: [{ Name: "main", HomeRegion: "us-east-1", IsMultiRegionTrail: true }],
    });
    cloudtrail
      .on(GetTrailStatusCommand)
      .resolves({ IsLogging: true })
      .on(GetEventSelectorsCommand)
      .resolves({ EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] });

    const { code, stdout } = await runVigil(["doctor", "--format", "json"], root);

    expect(code).toBe(0);
    const report = JSON.parse(stdout) as { region: string; checks: { id: string; status: string }[] };
    expect(report.region).toBe("us-east-1");
    expect(report.checks.map((check) => [check.id, check.status])).toEqual([
      ["credentials", "ok"],
      ["cloudtrail", "ok"],
      ["config", "warn"],
      ["iam-events", "ok"],
      ["findings-table", "skip"],
      ["dead-letters", "skip"],
      ["slack", "skip"],
    ]);
  });

  it("says what to do without credentials", async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(
        Object.assign(new Error("Could not load credentials from any providers"), { name: "CredentialsProviderError" }),
      );

    const { code, stdout } = await runVigil(["doctor"], root);

    expect(code).toBe(1);
    expect(stdout).toContain("No usable AWS credentials");
    expect(stdout).toContain("aws sso login");
  });
});
