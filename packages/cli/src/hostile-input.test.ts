import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { main } from "./main.ts";
import { runVigil } from "./testing/run-vigil.ts";

/**
 * Hostile or mistaken input is an error message and an exit code, never a crash, a hang or a stack trace
 * (issue 14, point 12).
 */
const BIN = join(import.meta.dirname, "..", "bin", "vigil.js");
const STACK_FRAME = /^\s+at .+[:(]/m;

const GOOD = `Resources:
  Topic:
    Type: AWS::SNS::Topic
`;

/** "Billion laughs": nine anchors of ten aliases each, 10^9 nodes once expanded, under 500 bytes. */
function aliasBomb(): string {
  const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let level = 1; level < 9; level++) lines.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`)}]`);
  return `${lines.join("\n")}\nResources:\n  Topic: { Type: AWS::SNS::Topic, Properties: { Tags: *l8 } }\n`;
}

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-hostile-"));
});
afterAll(() => rmSync(root, { recursive: true, force: true }));
afterEach(() => vi.unstubAllEnvs());

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(root, "ws-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

/** Runs the real bin (tsx, as `npx vigil` does). */
function spawnVigil(argv: string[], cwd: string) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/**
 * `vigil … | head -1` through a shell: a real pipe (Node's own child pipes are socket pairs whose buffer holds the
 * whole output, so they never meet EPIPE). The bin's exit code comes back on stderr as `exit=<code>`.
 */
async function pipedIntoHead(argv: string[], cwd: string) {
  const script = '{ "$0" "$@"; echo "exit=$?" >&2; } | head -1';
  const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolve, reject) => {
    const shell = spawn("sh", ["-c", script, process.execPath, BIN, ...argv], { cwd });
    let out = "";
    let err = "";
    shell.stdout.on("data", (chunk: Buffer) => {
      out += chunk.toString();
    });
    shell.stderr.on("data", (chunk: Buffer) => {
      err += chunk.toString();
    });
    shell.on("error", reject);
    shell.on("close", () => resolve({ stdout: out, stderr: err }));
  });
  const exit = /exit=(\d+)\n$/.exec(stderr);
  return { firstLine: stdout, stderr: stderr.replace(/exit=\d+\n$/, ""), code: exit ? Number(exit[1]) : undefined };
}

describe("vigil check on hostile templates", () => {
  it("reports an alias bomb or cycle as an input error for that file and still checks the others", async () => {
    const cwd = folder({
      "app/bomb.yaml": aliasBomb(),
      "app/cycle.yaml": "Resources: &r\n  Loop: *r\n",
      "app/good.yaml": GOOD,
    });
    const started = Date.now();
    const { code, stdout, stderr } = await runVigil(["check", "app", "--format", "json", "--show-passing"], cwd);
    expect(Date.now() - started).toBeLessThan(20_000);
    expect(code).toBe(2);
    expect(stderr).toMatch(/vigil: app\/bomb\.yaml:\d+:\d+: aliases expand to more than \d+ nodes/);
    expect(stderr).toMatch(/vigil: app\/cycle\.yaml:2:\d+: alias \*r refers to a node that contains it/);
    expect(stderr).not.toMatch(STACK_FRAME);
    const { findings } = JSON.parse(stdout) as { findings: { file?: string; location?: { file?: string } }[] };
    expect(JSON.stringify(findings)).toContain("app/good.yaml");
  }, 30_000);
});

describe("no stack trace on a usage, configuration or credentials error", () => {
  it("names the position of a syntax error in vigil.config.ts, in-process and from the bin", async () => {
    const cwd = folder({ "app/template.yaml": GOOD, "vigil.config.ts": "const x: number = ;\nexport default {};\n" });
    const inProcess = await runVigil(["check", "app"], cwd);
    expect(inProcess.code).toBe(2);
    expect(inProcess.stderr).toMatch(/^vigil: vigil\.config\.ts:1(:\d+)?: /);
    expect(inProcess.stderr).not.toMatch(STACK_FRAME);
    const bin = await spawnVigil(["check", "app"], cwd);
    expect(bin.stderr).toBe('vigil: vigil.config.ts:1:19: Unexpected ";"\n');
    expect(bin.code).toBe(2);
  }, 60_000);

  it("loads a valid vigil.config.ts from the bin outside an ES-module package", async () => {
    const cwd = folder({
      "app/template.yaml": GOOD,
      "vigil.config.ts": 'export default { rules: { "sns-topic-policy-public": { severity: "critical" } } };\n',
    });
    const { code, stderr } = await spawnVigil(["check", "app", "--fail-on", "none"], cwd);
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);

  it("says what to do without credentials, with no stack trace", async () => {
    // Local failure only: no credentials anywhere, instance metadata off, so the SDK never leaves the machine.
    for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) {
      vi.stubEnv(name, "");
    }
    for (const name of ["AWS_CONTAINER_CREDENTIALS_FULL_URI", "AWS_CONTAINER_CREDENTIALS_RELATIVE_URI"]) {
      vi.stubEnv(name, "");
    }
    vi.stubEnv("AWS_WEB_IDENTITY_TOKEN_FILE", "");
    vi.stubEnv("AWS_SHARED_CREDENTIALS_FILE", join(root, "no-credentials"));
    vi.stubEnv("AWS_CONFIG_FILE", join(root, "no-config"));
    vi.stubEnv("AWS_EC2_METADATA_DISABLED", "true");
    vi.stubEnv("AWS_REGION", "us-east-1");
    // scan checks the caller first; the table commands meet the SDK's own CredentialsProviderError.
    for (const argv of [["scan"], ["findings", "--table", "vigil-findings"], ["exemptions", "--table", "t"]]) {
      const { code, stderr } = await runVigil(argv, root);
      expect(code, argv.join(" ")).toBe(2);
      expect(stderr, argv.join(" ")).toMatch(/aws configure/);
      expect(stderr, argv.join(" ")).not.toMatch(STACK_FRAME);
      expect(stderr, argv.join(" ")).not.toContain("unexpected error");
    }
  }, 30_000);

  it("reports a bug in one line, the stack only with VIGIL_DEBUG", async () => {
    let stderr = "";
    const io = (writeOut: (chunk: string) => unknown) => ({
      stdout: { write: writeOut },
      stderr: { write: (chunk: string) => (stderr += chunk) },
      cwd: root,
    });
    const broken = io(() => {
      throw new TypeError("a bug");
    });
    expect(await main(["rules"], broken)).toBe(2);
    expect(stderr).toBe("vigil: unexpected error: TypeError: a bug\n  (set VIGIL_DEBUG=1 for the stack trace)\n");
    vi.stubEnv("VIGIL_DEBUG", "1");
    stderr = "";
    await main(["rules"], broken);
    expect(stderr).toMatch(STACK_FRAME);
  });

  it("exits quietly with its usual code when stdout closes early (| head -1)", async () => {
    // 75 kB of Markdown: more than a pipe holds, so the write after `head` has gone meets EPIPE.
    const { firstLine, stderr, code } = await pipedIntoHead(["rules", "--format", "markdown"], root);
    expect(firstLine).toBe("# Rules\n");
    expect(stderr).toBe("");
    expect(code).toBe(0);
  }, 60_000);
});
