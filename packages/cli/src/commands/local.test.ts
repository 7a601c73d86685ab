import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort } from "@vigil/aws/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-local-"));
  vi.stubEnv("POWERTOOLS_METRICS_DISABLED", "true");
});
afterAll(() => {
  vi.unstubAllEnvs();
  rmSync(root, { recursive: true, force: true });
});

describe("vigil local", () => {
  it("runs the event path on the example: the sweep's digest, fixes resolved, a new problem caught and cleared in its thread", async () => {
    const { code, stdout } = await runVigil(["local", "--window", "0.2", "--pace", "0"], root);

    expect(code).toBe(0);
    expect(stdout).toMatch(
      /sweep: every resource of the account is read and evaluated\n.*swept 14 resources of account 123456789012\n {2}slack /,
    );
    expect(stdout).toMatch(/slack Vigil: \d+ finding changes \(\d+ new failure\)/);
    // In the thread of its alert when the sweep posted one alone, else on its own (it was part of a digest).
    expect(stdout).toMatch(
      /slack (\(in thread\) )?Resolved \(high\): Function runs on a deprecated Lambda runtime — orders-api/,
    );
    expect(stdout).toMatch(
      /slack (\(in thread\) )?Resolved \(critical\): Function role grants administrator access — orders-shared-role/,
    );
    expect(stdout).toContain(
      "slack Regression (high): Function URL accepts unauthenticated requests — orders-process-upload",
    );
    expect(stdout).toContain(
      "slack (in thread) Resolved (high): Function URL accepts unauthenticated requests — orders-process-upload",
    );
    // Its remediation plan answers in the alert's thread, as a dry run: local mode changes nothing.
    expect(stdout).toContain(
      "slack (in thread) Dry run: Vigil would require AWS_IAM auth on the function URL of orders-process-upload",
    );
    const summary = /summary: (\d+) evaluations, (\d+) finding transitions, (\d+) findings still failing/.exec(stdout);
    expect(summary).not.toBeNull();
    // Every planted problem but the fixed ones is still failing at the end, and the table kept says so.
    expect(Number(summary?.[3])).toBeGreaterThan(25);
    const stored = await runVigil(["findings", "--local", "--format", "json"], root);
    expect(stored.code).toBe(0);
    const failing = JSON.parse(stored.stdout) as { ruleId: string; resourceName?: string; status: string }[];
    expect(failing).toHaveLength(Number(summary?.[3]));
    expect(failing.every((finding) => finding.status === "failing")).toBe(true);
    const pairs = failing.map((f) => `${f.ruleId} ${f.resourceName}`);
    expect(pairs).not.toContain("lambda-runtime-deprecated orders-api");
    // Found only with the function's context read beside it: its S3 trigger, and its role's writes to that bucket.
    expect(pairs).toContain("lambda-trigger-loop orders-process-upload");
    const critical = await runVigil(["findings", "--local", "--severity", "critical"], root);
    expect(critical.stdout).toMatch(/critical s3-bucket-public-write-trigger +orders-uploads-example/);
  }, 60_000);

  it("says to run vigil local first when there is no local table", async () => {
    const { code, stderr } = await runVigil(["findings", "--local"], mkdtempSync(join(root, "empty-")));
    expect(code).toBe(2);
    expect(stderr).toContain("run `npx vigil local` first");
  });

  it("refuses a webhook URL it cannot post to before starting anything, and so exits instead of hanging", async () => {
    const { code, stderr } = await runVigil(["local", "--slack-webhook", "hooks.slack.com/services/x"], root);
    expect(code).toBe(2);
    expect(stderr).toBe("vigil: --slack-webhook: the Slack webhook URL must be an https:// URL\n");
  });

  it("says once that a webhook does not answer, keeps the alerts on the console and exits 2", async () => {
    const url = `http://127.0.0.1:${await freePort()}/hook`;
    const { code, stdout, stderr } = await runVigil(
      ["local", "--window", "0.2", "--pace", "0", "--slack-webhook", url],
      mkdtempSync(join(root, "webhook-")),
    );
    expect(stderr.match(/--slack-webhook: /g)).toHaveLength(1);
    expect(stderr).toContain("no further alerts are posted to it");
    expect(stdout).toMatch(/slack Vigil: \d+ finding changes/);
    expect(stdout).toContain("summary:");
    expect(code).toBe(2);
  }, 60_000);

  it("refuses a window it cannot use", async () => {
    const { code, stderr } = await runVigil(["local", "--window", "soon"], root);
    expect(code).toBe(2);
    expect(stderr).toContain("--window soon: a number of seconds from 0 to 60");
  });
});
