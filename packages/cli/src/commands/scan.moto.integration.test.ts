/**
 * `AWS_ENDPOINT_URL=<moto> vigil scan` over real HTTP: a small vulnerable app seeded into moto must come back as
 * findings, from every region asked for, and AWS throttling that relents must slow the scan down without losing
 * anything. Skipped where moto is absent, except in CI.
 */
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import {
  MOTO_ACCOUNT,
  MOTO_CREDENTIALS,
  MotoServer,
  motoAvailable,
  type SeededApp,
  seedVulnerableApp,
  ThrottlingProxy,
} from "@vigil/aws/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";

const HOME = "us-east-1";
const OTHER = "eu-west-1";

/**
 * What a scan of moto with every rule exits with: moto lacks lambda:GetFunctionRecursionConfig, so the recursion
 * rule is undetermined and the scan, complete otherwise, is incomplete (2) rather than failing the gate (1).
 * (It lacks lambda:ListCodeSigningConfigs too, which the scan makes up for with a call per function.)
 */
const MOTO_INCOMPLETE = 2;

const available = motoAvailable();
if (!available && process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");

interface AsffFinding {
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Resources: readonly { readonly Id: string; readonly Region: string }[];
}

describe.runIf(available)("vigil scan against moto (AWS_ENDPOINT_URL)", () => {
  let moto: MotoServer;
  let apps: Record<string, SeededApp>;
  beforeAll(async () => {
    moto = await MotoServer.start();
    apps = {
      [HOME]: await seedVulnerableApp(moto.endpoint, HOME),
      [OTHER]: await seedVulnerableApp(moto.endpoint, OTHER),
    };
  }, 60_000);
  afterAll(() => moto?.stop());
  beforeEach(() => {
    vi.stubEnv("AWS_ENDPOINT_URL", moto.endpoint);
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
    vi.stubEnv("AWS_PROFILE", "");
    vi.stubEnv("AWS_REGION", HOME);
    return () => vi.unstubAllEnvs();
  });

  const vigil = (argv: string[]) => runVigil(argv, process.cwd());
  const found = (stdout: string) =>
    (JSON.parse(stdout) as { findings: { ruleId: string; resource: string }[] }).findings.map(
      (f) => `${f.ruleId} ${f.resource}`,
    );

  const unread = (stdout: string) =>
    (JSON.parse(stdout) as { summary: { inputErrors: { file: string }[] } }).summary.inputErrors.map((e) => e.file);

  it("reports the problems seeded into the account", async () => {
    const { code, stdout, stderr } = await vigil(["scan", "--region", HOME, "--format", "json", "--verbose"]);
    expect(code).toBe(MOTO_INCOMPLETE);
    const app = apps[HOME]!;
    expect(found(stdout)).toEqual(
      expect.arrayContaining([
        `lambda-runtime-deprecated ${app.function}`,
        `lambda-env-plaintext-secret ${app.function}`,
        `iam-role-admin-access ${app.role}`,
        `sqs-queue-policy-public ${app.queue}`,
      ]),
    );
    expect(found(stdout).some((finding) => finding.includes(`:${OTHER}:`))).toBe(false);
    // --verbose: the calls per service, on stderr with the progress lines.
    expect(stderr).toMatch(/API calls for \d+ resources/);
    expect(stderr).toContain(
      `lambda:GetFunctionRecursionConfig on ${app.function}: HTTP 404 from ${moto.endpoint}: operation not available`,
    );
  }, 120_000);

  it("fails the gate, not as incomplete, when no selected rule needs what moto lacks", async () => {
    const { code, stdout, stderr } = await vigil([
      "scan",
      "--region",
      HOME,
      "--rule",
      "lambda-runtime-deprecated",
      "--rule",
      "lambda-code-signing-not-enforced",
      "--format",
      "json",
    ]);
    expect(stderr).toContain("lambda:GetFunctionRecursionConfig");
    expect(found(stdout)).toContain(`lambda-runtime-deprecated ${apps[HOME]!.function}`);
    expect(code).toBe(1);
  }, 120_000);

  it("reads each region of a repeated --region, and every enabled one with --region all", async () => {
    // moto has no Account API: the region list alone is mocked, everything else is read from moto.
    const accountApi = mockClient(AccountClient);
    accountApi.on(ListRegionsCommand).resolves({
      Regions: [
        { RegionName: HOME, RegionOptStatus: "ENABLED_BY_DEFAULT" },
        { RegionName: OTHER, RegionOptStatus: "ENABLED_BY_DEFAULT" },
      ],
    });
    try {
      for (const regions of [
        ["--region", HOME, "--region", OTHER],
        ["--region", "all"],
      ]) {
        const { code, stdout } = await vigil(["scan", ...regions, "--format", "asff"]);
        expect(code, regions.join(" ")).toBe(MOTO_INCOMPLETE);
        const findings = JSON.parse(stdout) as AsffFinding[];
        for (const region of [HOME, OTHER]) {
          const app = apps[region]!;
          for (const resource of [app.function, app.queue]) {
            const about = findings.filter((finding) => finding.Resources[0]!.Id === resource);
            expect(about.length, `${regions.join(" ")}: ${resource}`).toBeGreaterThan(0);
            for (const finding of about) {
              expect(finding).toMatchObject({ AwsAccountId: MOTO_ACCOUNT, Resources: [{ Region: region }] });
            }
          }
          expect(findings).toContainEqual(
            expect.objectContaining({
              GeneratorId: "iam-role-admin-access",
              Resources: [expect.objectContaining({ Id: app.role })],
            }),
          );
        }
      }
    } finally {
      accountApi.restore();
    }
  }, 120_000);

  it("slows down and retries while AWS throttles, then reports what it read and the retries", async () => {
    const proxy = await ThrottlingProxy.start(moto.endpoint, "AmazonSQS.GetQueueAttributes", 2);
    vi.stubEnv("AWS_ENDPOINT_URL", proxy.endpoint);
    try {
      const { code, stdout, stderr } = await vigil(["scan", "--region", HOME, "--format", "json", "--verbose"]);

      expect(proxy.throttled).toBe(2);
      expect(code).toBe(MOTO_INCOMPLETE);
      expect(found(stdout)).toContain(`sqs-queue-policy-public ${apps[HOME]!.queue}`);
      expect(unread(stdout).filter((problem) => problem.startsWith(`${HOME}/sqs`))).toEqual([]);
      expect(stderr).toContain("vigil: AWS throttled or failed some calls; the scan slowed down and retried them");
      expect(stderr).toMatch(/ {2}sqs +\d+ calls, 2 retries, 0 throttled/);
      expect(stderr).not.toContain("undetermined");
    } finally {
      await proxy.stop();
    }
  }, 120_000);
});
