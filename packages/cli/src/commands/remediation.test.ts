import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog } from "@vigil/aws";
import { startLocalFindingsTable } from "@vigil/aws/local";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";
import { parseUntil } from "./exemptions.ts";
import { LOCAL_TABLE_DIR, LOCAL_TABLE_NAME } from "./local.ts";

const FN = "arn:aws:lambda:eu-west-1:123456789012:function:orders-api";

let root: string;
beforeEach(async () => {
  root = mkdtempSync(join(tmpdir(), "vigil-remediation-"));
  // The table `vigil local` keeps, empty.
  const table = await startLocalFindingsTable(LOCAL_TABLE_NAME, { path: join(root, LOCAL_TABLE_DIR) });
  await table.close();
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

async function auditTrail() {
  const table = await startLocalFindingsTable(LOCAL_TABLE_NAME, { path: join(root, LOCAL_TABLE_DIR), existing: true });
  try {
    return await new AuditLog(table.client, table.tableName).list(new Date(Date.now() - 60_000), new Date());
  } finally {
    await table.close();
  }
}

const listed = async (...extra: string[]) => {
  const { code, stdout, stderr } = await runVigil(
    ["remediation", "list", "--local", "--format", "json", ...extra],
    root,
  );
  expect(stderr).toBe("");
  expect(code).toBe(0);
  return JSON.parse(stdout) as {
    rules: { ruleId: string; configured: string; mode: string; source: string }[];
    killSwitch: { engaged: boolean; by: string } | null;
  };
};
const ruleOf = (list: Awaited<ReturnType<typeof listed>>, id: string) => list.rules.find((r) => r.ruleId === id);

/** vigil.config.json with these remediation modes: the ceiling of every run-time mode. */
const configure = (modes: Record<string, string>) =>
  writeFileSync(join(root, "vigil.config.json"), JSON.stringify({ remediation: { modes } }));

describe("vigil remediation", () => {
  it("lowers a rule's mode at run time, audited, and resets it to the config's", async () => {
    configure({ "dynamodb-pitr-disabled": "auto" });
    const set = await runVigil(
      ["remediation", "set", "dynamodb-pitr-disabled", "dry-run", "--local", "--by", "alice", "--reason", "backups"],
      root,
    );
    expect(set).toMatchObject({ code: 0, stderr: "" });
    expect(set.stdout).toBe("dynamodb-pitr-disabled: dry-run in the local table\n");
    expect(ruleOf(await listed(), "dynamodb-pitr-disabled")).toEqual({
      ruleId: "dynamodb-pitr-disabled",
      configured: "auto",
      mode: "dry-run",
      source: "override",
      maxMode: "auto",
      optIn: false,
      actions: ["dynamodb:UpdateContinuousBackups"],
      description: expect.stringContaining("point-in-time recovery"),
      override: expect.objectContaining({ by: "alice", reason: "backups" }),
    });

    expect(
      (await runVigil(["remediation", "reset", "dynamodb-pitr-disabled", "--local", "--by", "bob"], root)).code,
    ).toBe(0);
    expect(ruleOf(await listed(), "dynamodb-pitr-disabled")).toMatchObject({ mode: "auto", source: "config" });
    expect((await auditTrail()).map((entry) => [entry.action, entry.actor])).toEqual([
      ["mode-set", "bob"],
      ["mode-set", "alice"],
    ]);
  });

  it("refuses to raise a mode above vigil.config.ts: the remediator's role holds no more", async () => {
    const raised = await runVigil(["remediation", "set", "dynamodb-pitr-disabled", "auto", "--local"], root);
    expect(raised.code).toBe(2);
    expect(raised.stderr).toContain("dynamodb-pitr-disabled is dry-run in vigil.config.ts, the most it may do");
    expect(await auditTrail()).toEqual([]);
  });

  it("says when a plan caps auto at approve", async () => {
    configure({ "lambda-url-auth-none": "auto" });
    const { stdout } = await runVigil(["remediation", "set", "lambda-url-auth-none", "auto", "--local"], root);
    expect(stdout).toContain("lambda-url-auth-none: auto (capped at approve: this plan needs approval)");
    expect(ruleOf(await listed(), "lambda-url-auth-none")).toMatchObject({ mode: "approve", source: "capped" });
  });

  it("refuses to switch on a rule that is off in vigil.config.ts, and rules without a plan", async () => {
    writeFileSync(
      join(root, "vigil.config.json"),
      JSON.stringify({ remediation: { modes: { "iam-role-admin-access": "off" } } }),
    );
    const off = await runVigil(["remediation", "set", "iam-role-admin-access", "approve", "--local"], root);
    expect(off.code).toBe(2);
    expect(off.stderr).toContain("iam-role-admin-access is off in vigil.config.ts");
    const none = await runVigil(["remediation", "set", "lambda-tracing-disabled", "auto", "--local"], root);
    expect(none).toMatchObject({ code: 2 });
    expect(none.stderr).toContain("has no remediation plan");
    const badMode = await runVigil(["remediation", "set", "dynamodb-pitr-disabled", "yolo", "--local"], root);
    expect(badMode.code).toBe(2);
    expect(badMode.stderr).toContain("Allowed choices are off, dry-run, approve, auto");
    expect(await auditTrail()).toEqual([]);
  });

  it("kill switch: every rule drops to dry-run until released", async () => {
    configure({ "dynamodb-pitr-disabled": "auto" });
    const on = await runVigil(
      ["remediation", "kill-switch", "on", "--local", "--by", "ops", "--reason", "incident"],
      root,
    );
    expect(on.stdout).toContain("kill switch engaged");
    const engaged = await listed();
    expect(engaged.killSwitch).toMatchObject({ engaged: true, by: "ops" });
    expect(ruleOf(engaged, "dynamodb-pitr-disabled")).toMatchObject({ mode: "dry-run", source: "kill-switch" });
    const table = await runVigil(["remediation", "list", "--local"], root);
    expect(table.stdout).toContain("Kill switch ENGAGED by ops");

    await runVigil(["remediation", "kill-switch", "off", "--local"], root);
    expect(ruleOf(await listed(), "dynamodb-pitr-disabled")).toMatchObject({ mode: "auto" });
  });

  it("needs a table for changes, and says which options name one", async () => {
    const { code, stderr } = await runVigil(["remediation", "set", "dynamodb-pitr-disabled", "off"], root);
    expect(code).toBe(2);
    expect(stderr).toContain("which findings table? pass --stage <stage>");
  });
});

describe("vigil exempt / exemptions / unexempt", () => {
  it("grants, lists and revokes an exemption with an audit trail", async () => {
    const granted = await runVigil(
      [
        "exempt",
        FN,
        "lambda-url-auth-none",
        "--reason",
        "partner webhook, signed",
        "--until",
        "2w",
        "--by",
        "carol",
        "--local",
      ],
      root,
    );
    expect(granted).toMatchObject({ code: 0, stderr: "" });
    expect(granted.stdout).toContain(`exempted lambda-url-auth-none on ${FN} until`);

    const list = await runVigil(["exemptions", "--local", "--format", "json"], root);
    expect(JSON.parse(list.stdout)).toEqual([
      expect.objectContaining({
        rule: "lambda-url-auth-none",
        resource: FN,
        by: "carol",
        source: "cli",
        active: true,
        reason: "partner webhook, signed",
      }),
    ]);

    const revoked = await runVigil(["unexempt", FN, "lambda-url-auth-none", "--reason", "fixed", "--local"], root);
    expect(revoked.code).toBe(0);
    expect(JSON.parse((await runVigil(["exemptions", "--local", "--format", "json"], root)).stdout)).toEqual([]);
    const again = await runVigil(["unexempt", FN, "lambda-url-auth-none", "--reason", "again", "--local"], root);
    expect(again.code).toBe(2);
    expect((await auditTrail()).map((entry) => entry.action)).toEqual(["exemption-revoked", "exemption-granted"]);
  });

  it("refuses a bad rule, a past or unreadable --until, and a missing reason — recording nothing", async () => {
    const badRule = await runVigil(["exempt", FN, "no-such-rule", "--reason", "because", "--local"], root);
    expect(badRule.stderr).toContain('no such rule "no-such-rule"');
    const past = await runVigil(["exempt", FN, "*", "--reason", "because", "--until", "2020-01-01", "--local"], root);
    expect(past.stderr).toContain("--until 2020-01-01: must be in the future");
    const noReason = await runVigil(["exempt", FN, "*", "--local"], root);
    expect(noReason.stderr).toContain("required option '--reason <text>' not specified");
    for (const run of [badRule, past, noReason]) expect(run.code).toBe(2);
    expect(await auditTrail()).toEqual([]);
  });

  it("lists vigil.config.ts's exemptions with the stored ones, expired ones only with --all", async () => {
    writeFileSync(
      join(root, "vigil.config.json"),
      JSON.stringify({
        exemptions: [
          { rule: "*", resource: "legacy-*", reason: "being retired", expires: "2020-01-01" },
          { rule: "lambda-tracing-disabled", resource: "batch-*", reason: "cost", expires: "2099-01-01" },
        ],
      }),
    );
    const active = JSON.parse((await runVigil(["exemptions", "--format", "json"], root)).stdout);
    expect(active.map((row: { resource: string }) => row.resource)).toEqual(["batch-*"]);
    const all = JSON.parse((await runVigil(["exemptions", "--all", "--format", "json"], root)).stdout);
    expect(all.map((row: { active: boolean }) => row.active)).toEqual([false, true]);
  });
});

describe("parseUntil", () => {
  const now = new Date("2026-11-28T12:00:00.000Z");
  it("reads durations, dates and date-times, in the future only", () => {
    expect(parseUntil("30d", now)).toBe("2026-12-28T12:00:00.000Z");
    expect(parseUntil("12h", now)).toBe("2026-11-29T00:00:00.000Z");
    expect(parseUntil("2027-01-31", now)).toBe("2027-01-31T00:00:00.000Z");
    expect(() => parseUntil("soon", now)).toThrow("a duration like 30d");
    expect(() => parseUntil("1h", new Date("2099-01-01"))).not.toThrow();
    expect(() => parseUntil("2026-11-28T11:00:00Z", now)).toThrow("must be in the future");
  });
});
