import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { AccountClient, ListRegionsCommand } from "@aws-sdk/client-account";
import { DescribeRegionsCommand, EC2Client } from "@aws-sdk/client-ec2";
import { GetPolicyCommand, ListEventSourceMappingsCommand } from "@aws-sdk/client-lambda";
import { GetQueueAttributesCommand, ListQueuesCommand } from "@aws-sdk/client-sqs";
import { FAKE_REGION, type FakeAccount, fakeAccount, fakeArns, freePort } from "@vigil/aws/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
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

  it("says it cannot reach an endpoint that does not answer, not that the credentials are unusable", async () => {
    const endpoint = `http://127.0.0.1:${await freePort()}`;
    vi.stubEnv("AWS_ENDPOINT_URL", endpoint);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "testing");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "testing");
    for (const region of ["us-east-1", "all"]) {
      const { code, stderr } = await vigil(["scan", "--region", region]);
      expect(code, region).toBe(2);
      expect(stderr, region).toContain(`cannot reach ${endpoint}: connect ECONNREFUSED`);
      expect(stderr, region).not.toMatch(/credentials/i);
    }
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

describe("vigil scan (live, AWS mocked by a fake account)", () => {
  let account: FakeAccount;
  beforeEach(() => {
    account = fakeAccount(3);
    vi.stubEnv("AWS_ACCESS_KEY_ID", "testing");
    vi.stubEnv("AWS_SECRET_ACCESS_KEY", "testing");
    vi.stubEnv("AWS_REGION", FAKE_REGION);
  });
  afterEach(() => account.restore());

  const sdkError = (name: string, status: number, attempts = 1) =>
    Object.assign(new Error(`${name}: not this time`), { name, $metadata: { httpStatusCode: status, attempts } });

  it("names a denied permission, goes on with what it could read, and exits 2", async () => {
    account.stubs.lambda
      .on(GetPolicyCommand, { FunctionName: fakeArns.fn(0) })
      .rejects(sdkError("AccessDeniedException", 403));

    const { code, stdout, stderr } = await vigil(["scan", "--format", "json", "--fail-on", "none", "--show-passing"]);

    expect(code).toBe(2);
    expect(stderr).toContain("access denied for 1 action; the scan went on");
    expect(stderr).toContain("  lambda:GetPolicy\n");
    expect(stderr).toContain("vigil-read-only.json");
    const { findings, summary } = JSON.parse(stdout) as {
      findings: { ruleId: string; resource: string; status: string; message: string }[];
      summary: { inputErrors: { message: string }[] };
    };
    expect(summary.inputErrors).toEqual([
      expect.objectContaining({ message: expect.stringContaining("lambda:GetPolicy") }),
    ]);
    // The other functions were read and judged.
    expect(findings).toContainEqual(
      expect.objectContaining({ resource: fakeArns.fn(1), ruleId: "lambda-policy-public", status: "pass" }),
    );
    // The denied function's policy is undetermined, never a pass.
    expect(findings).toContainEqual(
      expect.objectContaining({
        resource: fakeArns.fn(0),
        ruleId: "lambda-policy-public",
        status: "undetermined",
        message: expect.stringContaining("lambda:GetPolicy denied"),
      }),
    );
  });

  it("is incomplete only when a failed read left a selected rule undetermined", async () => {
    const scan = (rule: string) => vigil(["scan", "--rule", rule, "--format", "json", "--show-passing"]);
    const gateOfRuntimeRule = (await scan("lambda-runtime-deprecated")).code;
    expect(gateOfRuntimeRule).not.toBe(2);
    account.stubs.lambda
      .on(GetPolicyCommand, { FunctionName: fakeArns.fn(0) })
      .rejects(sdkError("AccessDeniedException", 403));

    // The runtime rule reads no resource policy: the denial is reported, the gate decides.
    const unaffected = await scan("lambda-runtime-deprecated");
    expect(unaffected.code).toBe(gateOfRuntimeRule);
    expect(unaffected.stderr).toContain("  lambda:GetPolicy\n");
    // The policy rule does: undetermined on fn-0, so the scan is incomplete.
    expect((await scan("lambda-policy-public")).code).toBe(2);
  });

  it("is incomplete when a kind a selected rule checks could not be listed", async () => {
    account.stubs.sqs.on(ListQueuesCommand).rejects(sdkError("AccessDeniedException", 403));
    const scan = (rule: string) => vigil(["scan", "--rule", rule, "--format", "json", "--fail-on", "none"]);
    // No queue was read, so none was judged: the queue rule's verdict is open.
    expect((await scan("sqs-queue-no-dlq")).code).toBe(2);
    expect((await scan("lambda-runtime-deprecated")).code).toBe(0);
  });

  it("says 'cannot evaluate' for what a failed listing hides, never 'none there'", async () => {
    account.stubs.lambda.on(ListEventSourceMappingsCommand).rejects(sdkError("AccessDeniedException", 403));
    const { code, stdout } = await vigil(["scan", "--rule", "sqs-queue-no-dlq", "--format", "json", "--show-passing"]);
    expect(code).toBe(2);
    const { findings } = JSON.parse(stdout) as { findings: { resource: string; status: string; message: string }[] };
    // Unlisted mappings are not "no function consumes this queue".
    expect(findings.find((finding) => finding.resource === fakeArns.queue(0))).toMatchObject({
      status: "undetermined",
      message: expect.stringMatching(
        /^cannot evaluate: its consumers is unknown \(lambda:ListEventSourceMappings denied/,
      ),
    });
  });

  it("reads for --rule only what the rule needs, and judges as a full scan does", async () => {
    type Finding = { ruleId: string; resource: string; status: string; message: string };
    const findingsOf = async (argv: string[]) => {
      const { stdout } = await vigil(["scan", ...argv, "--format", "json", "--fail-on", "none", "--show-passing"]);
      const { findings } = JSON.parse(stdout) as { findings: Finding[] };
      return findings.filter((finding) => finding.ruleId === "sqs-queue-no-dlq");
    };
    // queue-0 loses its redrive policy: the rule fails there and passes on the others.
    const attributes = { QueueArn: fakeArns.queue(0), VisibilityTimeout: "60", MessageRetentionPeriod: "345600" };
    account.stubs.sqs
      .on(GetQueueAttributesCommand, { QueueUrl: fakeArns.queueUrl(0) })
      .resolves({ Attributes: attributes });
    const full = await findingsOf([]);
    expect(new Set(full.map((finding) => finding.status))).toEqual(new Set(["fail", "pass"]));
    for (const stub of Object.values(account.stubs)) stub.resetHistory();

    const selected = await findingsOf(["--rule", "sqs-queue-no-dlq"]);

    expect(selected).toEqual(full);
    // The queues and their consumers (mappings and functions) are read; nothing else is asked.
    const called = Object.entries(account.stubs)
      .filter(([, stub]) => stub.calls().length > 0)
      .map(([service]) => service);
    expect(called.sort()).toEqual(["lambda", "sqs", "sts", "tagging"]);
  });

  it("counts each kind's own read errors in its progress line", async () => {
    account.stubs.lambda.on(ListEventSourceMappingsCommand).rejects(sdkError("AccessDeniedException", 403));
    const { stderr } = await vigil(["scan", "--format", "json"]);
    expect(stderr).toContain(`vigil: ${FAKE_REGION} lambda.function: 3 read\n`);
    expect(stderr).toContain(`vigil: ${FAKE_REGION} lambda.event-source-mapping: 0 read, 1 error\n`);
  });

  it("reports throttling that outlasted the retries as unread, never as a pass", async () => {
    // Under aws-sdk-client-mock the SDK does not retry: the error says how many attempts it would have made.
    account.stubs.sqs.on(GetQueueAttributesCommand).rejects(sdkError("ThrottlingException", 400, 6));

    const { code, stdout, stderr } = await vigil(["scan", "--verbose", "--format", "json", "--show-passing"]);

    expect(code).toBe(2);
    expect(stderr).toContain(
      "the scan slowed down and retried them (sqs: 15 retries, 3 still throttled); " +
        "what the still-throttled calls would have read is undetermined",
    );
    expect(stderr).toMatch(/ {2}sqs +\d+ calls, 15 retries, 3 throttled/);
    const { findings, summary } = JSON.parse(stdout) as {
      findings: { resource: string; status: string }[];
      summary: { inputErrors: { message: string }[] };
    };
    expect(summary.inputErrors).toHaveLength(3);
    expect(summary.inputErrors[0]!.message).toMatch(/^sqs:GetQueueAttributes on .*: throttled/);
    // The queues' attributes were never read: no queue rule passes on them.
    const queueResults = findings.filter((finding) => finding.resource === fakeArns.queue(0));
    expect(queueResults.length).toBeGreaterThan(0);
    expect(queueResults.filter((finding) => finding.status === "pass")).toEqual([]);
  });

  it("reads every region given, and every enabled region with --region all", async () => {
    const account_ = mockClient(AccountClient);
    account_.on(ListRegionsCommand).resolves({
      Regions: [
        { RegionName: "eu-west-1", RegionOptStatus: "ENABLED_BY_DEFAULT" },
        { RegionName: "us-east-1", RegionOptStatus: "ENABLED_BY_DEFAULT" },
      ],
    });
    try {
      for (const argv of [
        ["--region", "us-east-1", "--region", "eu-west-1"],
        ["--region", "all"],
      ]) {
        const { code, stderr } = await vigil(["scan", ...argv, "--format", "json", "--fail-on", "none"]);
        expect(code, argv.join(" ")).toBe(0);
        expect(stderr).toMatch(/vigil: us-east-1 lambda\.function: /);
        expect(stderr).toMatch(/vigil: eu-west-1 lambda\.function: /);
        // IAM is global: read once, from the first region.
        expect(stderr.match(/ iam\.role: /g)).toHaveLength(1);
      }
    } finally {
      account_.restore();
    }
  });

  it("lists the enabled regions with ec2:DescribeRegions where account:ListRegions is denied", async () => {
    const accountApi = mockClient(AccountClient);
    const ec2 = mockClient(EC2Client);
    accountApi.on(ListRegionsCommand).rejects(sdkError("AccessDeniedException", 403));
    ec2.on(DescribeRegionsCommand).resolves({ Regions: [{ RegionName: "eu-west-1" }, { RegionName: "us-east-1" }] });
    try {
      const { code, stderr } = await vigil(["scan", "--region", "all", "--format", "json", "--fail-on", "none"]);
      expect(code).toBe(0);
      expect(stderr).toMatch(/vigil: us-east-1 lambda\.function: /);
      expect(stderr).toMatch(/vigil: eu-west-1 lambda\.function: /);
    } finally {
      accountApi.restore();
      ec2.restore();
    }
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
