/**
 * Slack's secrets (issue 14, point 1): in Secrets Manager under Vigil's own key, readable by the roles of the
 * functions that use them and by no other principal, administrators and read-only auditors included.
 */
import { REMEDIATIONS } from "@vigil/core";
import { beforeAll, describe, expect, it } from "vitest";
import vigilConfigInput from "../vigil.config.ts";
import { type AppRun, runApp } from "./harness.ts";

interface Statement {
  Sid?: string;
  Effect: string;
  Principal?: unknown;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];
const statementsOf = (policy: unknown): Statement[] =>
  (JSON.parse(String(policy)) as { Statement: Statement[] }).Statement;

const SECRETS = ["SlackWebhookUrl", "SlackBotToken", "SlackSigningSecret"] as const;

function secretPolicy(app: AppRun, name: string): Statement[] {
  return statementsOf(app.get(`${name}Policy`, "aws:secretsmanager/secretPolicy:SecretPolicy").inputs.policy);
}

/** The role ARNs a secret's policy lets read the value; `[]` when it denies everyone. */
function readersOf(app: AppRun, name: string): string[] {
  const [deny, ...rest] = secretPolicy(app, name);
  expect(rest).toEqual([]);
  expect(deny).toMatchObject({ Effect: "Deny", Principal: "*", Action: "secretsmanager:GetSecretValue" });
  return list(deny?.Condition?.StringNotEquals?.["aws:PrincipalArn"] as string[] | undefined).sort();
}

const roleArn = (app: AppRun, name: string) => String(app.get(name, "aws:iam/role:Role").outputs.arn);

describe("Slack secrets, as shipped", () => {
  let app: AppRun;
  beforeAll(async () => {
    app = await runApp({ stage: "test" });
  });

  it("are three Secrets Manager secrets under Vigil's own rotating key, named by stage", () => {
    const key = app.get("SlackSecretsKey", "aws:kms/key:Key");
    expect(key.inputs.enableKeyRotation).toBe(true);
    for (const name of SECRETS) {
      const secret = app.get(name, "aws:secretsmanager/secret:Secret");
      expect(secret.inputs).toMatchObject({ name: `vigil/test/${name}`, kmsKeyId: key.outputs.arn });
    }
    expect(app.outputs.slackSecretIds).toEqual({
      SlackWebhookUrl: "vigil/test/SlackWebhookUrl",
      SlackBotToken: "vigil/test/SlackBotToken",
      SlackSigningSecret: "vigil/test/SlackSigningSecret",
    });
  });

  it("deny reading a value to every principal but the roles of the functions that use it", () => {
    const posting = [roleArn(app, "NotifyRole"), roleArn(app, "RemediateRole")].sort();
    expect(readersOf(app, "SlackWebhookUrl")).toEqual(posting);
    expect(readersOf(app, "SlackBotToken")).toEqual(posting);
    expect(readersOf(app, "SlackSigningSecret")).toEqual([roleArn(app, "SlackActionsRole")]);
    for (const name of SECRETS) {
      expect(app.get(`${name}Policy`, "aws:secretsmanager/secretPolicy:SecretPolicy").inputs.blockPublicPolicy).toBe(
        true,
      );
    }
  });

  it("are fetched and decrypted by no other role: the grants follow the readers", () => {
    const secretArns = new Map(
      SECRETS.map((name) => [String(app.get(name, "aws:secretsmanager/secret:Secret").outputs.arn), name]),
    );
    const granted: Record<string, string[]> = {};
    for (const role of app.byType("aws:iam/role:Role")) {
      const policies = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
      for (const statement of policies.flatMap((p) => statementsOf(p.policy))) {
        if (list(statement.Action).includes("secretsmanager:GetSecretValue")) {
          granted[role.name] = list(statement.Resource)
            .map((arn) => secretArns.get(arn) ?? arn)
            .sort();
        }
        if (list(statement.Action).includes("kms:Decrypt")) {
          expect(statement.Condition, role.name).toEqual({
            StringEquals: { "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com" },
          });
        }
      }
    }
    expect(granted).toEqual({
      NotifyRole: ["SlackBotToken", "SlackWebhookUrl"],
      RemediateRole: ["SlackBotToken", "SlackWebhookUrl"],
      SlackActionsRole: ["SlackSigningSecret"],
    });
  });

  it("have a key the account administers but may use only through Secrets Manager, for these secrets only", () => {
    const policy = statementsOf(app.get("SlackSecretsKeyPolicy", "aws:kms/keyPolicy:KeyPolicy").inputs.policy);
    const crypto = ["kms:Decrypt", "kms:Encrypt", "kms:GenerateDataKey", "kms:ReEncrypt*", "kms:*"];
    const [administration, use] = policy;
    expect(policy).toHaveLength(2);
    expect(list(administration?.Action).filter((action) => crypto.includes(action))).toEqual([]);
    expect(list(administration?.Action).some((action) => action === "kms:*")).toBe(false);
    expect(use).toMatchObject({
      Effect: "Allow",
      Action: ["kms:Decrypt", "kms:GenerateDataKey"],
      Condition: {
        StringEquals: {
          "kms:ViaService": "secretsmanager.us-east-1.amazonaws.com",
          "kms:CallerAccount": "123456789012",
        },
      },
    });
    const secretArns = SECRETS.map((name) => String(app.get(name, "aws:secretsmanager/secret:Secret").outputs.arn));
    expect(use?.Condition?.StringLike?.["kms:EncryptionContext:SecretARN"]).toEqual(secretArns);
  });

  it("with every remediation off: no remediator reads them, and the signing secret is denied to everyone", async () => {
    const off = Object.fromEntries(REMEDIATIONS.map((r) => [r.ruleId, "off"]));
    const config = `export default ${JSON.stringify({ ...vigilConfigInput, remediation: { modes: off } })};\n`;
    const quiet = await runApp({ stage: "test", files: { "vigil.config.ts": config } });
    expect(readersOf(quiet, "SlackWebhookUrl")).toEqual([roleArn(quiet, "NotifyRole")]);
    expect(secretPolicy(quiet, "SlackSigningSecret")).toEqual([
      {
        Sid: "OnlySlackSigningSecretReaders",
        Effect: "Deny",
        Principal: "*",
        Action: "secretsmanager:GetSecretValue",
        Resource: "*",
      },
    ]);
  });
});
