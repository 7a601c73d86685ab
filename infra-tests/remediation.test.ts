import { FINDING_EVENT_DETAIL_TYPE, FINDING_EVENT_SOURCE, REMEDIATIONS, remediationActions } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { evaluatePermissions } from "../packages/functions/src/evaluate/permissions.ts";
import { REMEDIATE_PARTITION_KEYS } from "../packages/functions/src/remediate/table-access.ts";
import { SLACK_ACTIONS_PARTITION_KEYS } from "../packages/functions/src/slack-actions/table-access.ts";
import vigilConfigInput from "../vigil.config.ts";
import { type AppRun, type RegisteredResource, runApp } from "./harness.ts";

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function inlineStatements(role: RegisteredResource): Statement[] {
  const policies = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
  return policies.flatMap((p) => (JSON.parse(p.policy) as { Statement: Statement[] }).Statement);
}

/** The live readers' read-only actions and X-Ray's: granted on `*` to every reader, none of them a change. */
const NOT_WRITES = new Set([...evaluatePermissions().liveReads, "xray:PutTraceSegments", "xray:PutTelemetryRecords"]);

/** The write actions a remediator's role holds: what it may do on `*` besides reading and tracing. */
function remediatorWrites(app: AppRun): string[] {
  const role = app.get("RemediateRole", "aws:iam/role:Role");
  return inlineStatements(role)
    .filter((statement) => list(statement.Resource).includes("*"))
    .flatMap((statement) => list(statement.Action))
    .filter((action) => !NOT_WRITES.has(action))
    .sort();
}

/** Deploys the app with this `remediation` section in vigil.config.ts (everything else as shipped). */
function deployWith(remediation: object): Promise<AppRun> {
  const config = `export default ${JSON.stringify({ ...vigilConfigInput, remediation })};\n`;
  return runApp({ stage: "test", files: { "vigil.config.ts": config } });
}

const everyRule = (mode: string) => Object.fromEntries(REMEDIATIONS.map((r) => [r.ruleId, mode]));

describe("the remediator's permissions follow the modes of vigil.config.ts", () => {
  it("default (every plan in dry-run, opt-in plans off): the write actions of every non-opt-in plan", async () => {
    const app = await deployWith({});
    const expected = remediationActions({});
    expect(remediatorWrites(app)).toEqual(expected);
    // Opt-in plans are off by default: their actions are not granted.
    for (const optIn of REMEDIATIONS.filter((r) => r.optIn)) {
      for (const action of optIn.actions.filter((a) => !REMEDIATIONS.some((r) => !r.optIn && r.actions.includes(a)))) {
        expect(expected).not.toContain(action);
      }
    }
  });

  it("one rule on: exactly that plan's actions, and only its findings reach the remediator", async () => {
    const app = await deployWith({ modes: { ...everyRule("off"), "dynamodb-pitr-disabled": "auto" } });
    expect(remediatorWrites(app)).toEqual(["dynamodb:UpdateContinuousBackups"]);
    const rule = app.get("RemediateRule", "aws:cloudwatch/eventRule:EventRule");
    expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual({
      source: [FINDING_EVENT_SOURCE],
      "detail-type": [FINDING_EVENT_DETAIL_TYPE],
      detail: {
        transition: ["new-failure", "regression", "exemption-expired"],
        rule: { id: ["dynamodb-pitr-disabled"] },
      },
    });
  });

  it("turning a rule off takes its actions away, even the ones it shares with no other rule", async () => {
    const app = await deployWith({ modes: { "lambda-policy-public": "off", "sqs-queue-unencrypted": "off" } });
    const writes = remediatorWrites(app);
    expect(writes).toEqual(remediationActions({ "lambda-policy-public": "off", "sqs-queue-unencrypted": "off" }));
    expect(writes).not.toContain("lambda:RemovePermission");
    expect(writes).not.toContain("lambda:AddPermission");
    // sqs:SetQueueAttributes stays: the public-queue-policy plan still needs it.
    expect(writes).toContain("sqs:SetQueueAttributes");
    const rule = app.get("RemediateRule", "aws:cloudwatch/eventRule:EventRule");
    const remediated = JSON.parse(String(rule.inputs.eventPattern)).detail.rule.id as string[];
    expect(remediated).toContain("sqs-queue-policy-public");
    expect(remediated).not.toContain("sqs-queue-unencrypted");
  });

  it("every rule off: no remediator, no Slack endpoint, nothing to grant", async () => {
    const app = await deployWith({ modes: everyRule("off") });
    const names = app.resources.map((resource) => resource.name);
    for (const absent of ["RemediateFunction", "RemediateRole", "SlackActionsFunction", "RemediateQueueQueue"]) {
      expect(names).not.toContain(absent);
    }
    expect(app.outputs.slackActionsUrl).toBeUndefined();
  });
});

describe("remediator and slack-actions, as shipped", () => {
  it("the remediator touches only its own items in the findings table and consumes only its queue", async () => {
    const app = await deployWith({});
    const table = String(app.get("FindingsTable", "aws:dynamodb/table:Table").outputs.arn);
    const statements = inlineStatements(app.get("RemediateRole", "aws:iam/role:Role"));
    const onTable = statements.filter((statement) => list(statement.Resource).includes(table));
    expect(onTable).toEqual([
      expect.objectContaining({
        Condition: { "ForAllValues:StringLike": { "dynamodb:LeadingKeys": REMEDIATE_PARTITION_KEYS } },
      }),
    ]);
    const queue = String(app.get("RemediateQueueQueue", "aws:sqs/queue:Queue").outputs.arn);
    expect(
      statements
        .filter((statement) => list(statement.Resource).includes(queue))
        .flatMap((statement) => list(statement.Action))
        .sort(),
    ).toEqual(["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]);
  });

  it("slack-actions is a function URL checked by Slack's signature, which may only record decisions and hand approvals on", async () => {
    const app = await runApp({ stage: "test" });
    const url = app.get("SlackActionsUrl", "aws:lambda/functionUrl:FunctionUrl");
    // Slack cannot sign SigV4: the handler verifies Slack's v0 signature on every request instead.
    expect(url.inputs.authorizationType).toBe("NONE");
    // Slack calls from its servers: no browser origin is ever allowed.
    expect(url.inputs.cors).toBeUndefined();
    expect(app.outputs.slackActionsUrl).toBe(url.outputs.functionUrl);

    const table = String(app.get("FindingsTable", "aws:dynamodb/table:Table").outputs.arn);
    const queue = String(app.get("RemediateQueueQueue", "aws:sqs/queue:Queue").outputs.arn);
    const statements = inlineStatements(app.get("SlackActionsRole", "aws:iam/role:Role"));
    const grants = statements.flatMap((statement) =>
      list(statement.Action).map((action) => `${action} ${list(statement.Resource).join(",")}`),
    );
    expect(grants.sort()).toEqual(
      [
        `dynamodb:GetItem ${table}`,
        `dynamodb:PutItem ${table}`,
        `sqs:SendMessage ${queue}`,
        `sqs:SendMessage ${String(app.get("FailedInvocationsQueue", "aws:sqs/queue:Queue").outputs.arn)}`,
        "xray:PutTelemetryRecords *",
        "xray:PutTraceSegments *",
        `secretsmanager:GetSecretValue ${String(app.get("SlackSigningSecret", "aws:secretsmanager/secret:Secret").outputs.arn)}`,
        `kms:Decrypt ${String(app.get("SlackSecretsKey", "aws:kms/key:Key").outputs.arn)}`,
      ].sort(),
    );
    expect(statements.find((statement) => list(statement.Resource).includes(table))?.Condition).toEqual({
      "ForAllValues:StringLike": { "dynamodb:LeadingKeys": SLACK_ACTIONS_PARTITION_KEYS },
    });
  });

  it("the exemptions job runs every 15 minutes, reads findings by status and sends to the evaluation queue only", async () => {
    const app = await deployWith({});
    const schedule = app.get("ExemptionsScheduleRule", "aws:cloudwatch/eventRule:EventRule");
    expect(schedule.inputs.scheduleExpression).toBe("rate(15 minutes)");
    const table = String(app.get("FindingsTable", "aws:dynamodb/table:Table").outputs.arn);
    const grants = inlineStatements(app.get("ExemptionsRole", "aws:iam/role:Role")).flatMap((statement) =>
      list(statement.Action).map((action) => `${action} ${list(statement.Resource).join(",")}`),
    );
    expect(grants).toEqual(
      expect.arrayContaining([
        `dynamodb:Query ${table},${table}/index/byStatus`,
        `sqs:SendMessage ${String(app.get("EvaluationQueueQueue", "aws:sqs/queue:Queue").outputs.arn)}`,
      ]),
    );
    expect(grants.filter((grant) => grant.startsWith("dynamodb:"))).toHaveLength(1);
  });
});
