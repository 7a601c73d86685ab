import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { ProgressRenderer } from "../progress.ts";
import { runVigil } from "../testing/run-vigil.ts";

const SNAPSHOT = resolve(import.meta.dirname, "../../../../examples/vulnerable-app/config-snapshot.json");

let root: string;

const vigil = (argv: string[]) => runVigil(argv, root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-scan-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

describe("vigil scan --snapshot", () => {
  it("checks the example's Config snapshot offline and fails the gate on its planted problems", async () => {
    const { code, stdout } = await vigil(["scan", "--snapshot", SNAPSHOT, "--format", "json"]);
    expect(code).toBe(1);
    const { findings } = JSON.parse(stdout) as { findings: { ruleId: string; resource: string }[] };
    expect(findings).toContainEqual(
      expect.objectContaining({
        ruleId: "lambda-layer-cross-account",
        resource: "arn:aws:lambda:us-east-1:123456789012:function:orders-worker",
      }),
    );
  });

  it("writes ASFF findings for the snapshot's account and region", async () => {
    const { stdout } = await vigil(["scan", "--snapshot", SNAPSHOT, "--format", "asff", "--fail-on", "none"]);
    const findings = JSON.parse(stdout) as { AwsAccountId: string; ProductArn: string; SchemaVersion: string }[];
    expect(findings.length).toBeGreaterThan(0);
    for (const finding of findings) {
      expect(finding).toMatchObject({
        SchemaVersion: "2018-10-08",
        AwsAccountId: "123456789012",
        ProductArn: "arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default",
      });
    }
  });

  it("reports a snapshot that cannot be read as a usage error", async () => {
    const { code, stderr } = await vigil(["scan", "--snapshot", "missing.json"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--snapshot missing\.json/);
  });
});

describe("vigil scan (live)", () => {
  it("says what to do when there are no credentials", async () => {
    vi.stubEnv("AWS_ACCESS_KEY_ID", "");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "");
    vi.stubEnv("AWS_PROFILE", "");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(root, "no-credentials"));
    vi.stubEnv("AWS_CONFIG_FILE", join(root, "no-config"));
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_FULL_URI", "");
    vi.stubEnv("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "");
    vi.stubEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    const { code, stderr } = await vigil(["scan", "--region", "us-east-1"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/aws configure/);
    expect(stderr).toMatch(/AWS_PROFILE/);
    expect(stderr).toMatch(/sso login/);
  }, 30_000);

  it("asks for a region when none is given or configured", async () => {
    vi.stubEnv("AWS_REGION", "");
    vi.stubEnv("AWS_DEFAULT_REGION", "");
    vi.stubEnv("AWS_PROFILE", "");
    vi.stubEnv("AWS_CONFIG_FILE", join(root, "no-config"));
    const { code, stderr } = await vigil(["scan"]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/no region/);
  });
});

describe("ProgressRenderer", () => {
  it("prints one plain line per finished step when stderr is not a terminal", () => {
    let text = "";
    const progress = new ProgressRenderer({ write: (chunk: string) => (text += chunk) });
    progress.update({ type: "started", key: "us-east-1 lambda.function" });
    progress.update({ type: "progress", key: "us-east-1 lambda.function", done: 1, total: 3 });
    progress.update({ type: "finished", key: "us-east-1 lambda.function", summary: "3 read" });
    expect(text).toBe("vigil: us-east-1 lambda.function: 3 read\n");
  });

  it("redraws a bar per step in place on a terminal", () => {
    let text = "";
    const progress = new ProgressRenderer({ write: (chunk: string) => (text += chunk), isTTY: true });
    progress.update({ type: "progress", key: "us-east-1 sqs.queue", done: 1, total: 2 });
    progress.update({ type: "progress", key: "us-east-1 sqs.queue", done: 2, total: 2 });
    expect(text).toContain("[##########          ] 1/2");
    expect(text).toContain("\x1b[1A");
    expect(text).toContain("[####################] 2/2");
  });
});
