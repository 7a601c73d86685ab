/**
 * `vigil local --live` over real HTTP (moto through AWS_ENDPOINT_URL): the deployed service path — sweep → queue →
 * evaluate with targeted reads and dependants → embedded findings table — leaves the failing findings that
 * `vigil scan` reports on the same account, as `vigil findings --local --format json` lists them. Skipped where
 * moto is absent, except in CI.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MOTO_CREDENTIALS, MotoServer, motoAvailable, type SeededApp, seedVulnerableApp } from "@vigil/aws/testing";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";

const REGION = "us-east-1";

const available = motoAvailable();
if (!available && process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");

describe.runIf(available)("vigil local --live against moto (AWS_ENDPOINT_URL)", () => {
  let moto: MotoServer;
  let app: SeededApp;
  let root: string;
  beforeAll(async () => {
    moto = await MotoServer.start();
    app = await seedVulnerableApp(moto.endpoint, REGION);
    // No vigil.config.ts here: both commands run the catalogue's defaults.
    root = mkdtempSync(join(tmpdir(), "vigil-local-live-"));
  }, 60_000);
  afterAll(() => {
    moto?.stop();
    rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    vi.stubEnv("AWS_ENDPOINT_URL", moto.endpoint);
    vi.stubEnv("AWS_ACCESS_KEY_ID", MOTO_CREDENTIALS.accessKeyId);
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", MOTO_CREDENTIALS.secretAccessKey);
    vi.stubEnv("AWS_PROFILE", "");
    vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
    return () => vi.unstubAllEnvs();
  });

  it("stores the failing findings a scan of the same account reports", async () => {
    const local = await runVigil(["local", "--live", "--region", REGION, "--window", "0"], root);
    expect(local.stdout).toContain(`in ${REGION} (read-only) at ${moto.endpoint}`);
    expect(local.stdout).toMatch(/swept \d+ resources of account \d{12}/);
    expect(local.stdout).toMatch(/summary: \d+ evaluations/);

    const stored = await runVigil(["findings", "--local", "--format", "json"], root);
    expect(stored.code).toBe(0);
    const serviceFailing = (JSON.parse(stored.stdout) as { ruleId: string; resourceId: string }[])
      .map((finding) => `${finding.ruleId} ${finding.resourceId}`)
      .sort();

    const scan = await runVigil(["scan", "--region", REGION, "--format", "json"], root);
    type ScanFinding = { ruleId: string; resource: string; status: string };
    const scanFailing = (JSON.parse(scan.stdout) as { findings: ScanFinding[] }).findings
      .filter((finding) => finding.status === "fail")
      .map((finding) => `${finding.ruleId} ${finding.resource}`)
      .sort();

    expect(scanFailing).toContain(`lambda-runtime-deprecated ${app.function}`);
    expect(serviceFailing).toEqual(scanFailing);
  }, 120_000);

  it("reads a real account only with --live", async () => {
    const { code, stderr } = await runVigil(["local", "--region", REGION], root);
    expect(code).toBe(2);
    expect(stderr).toContain("--profile and --region read a real account: add --live");
  });
});
