import { FINDING_EVENT_DETAIL_TYPE, FINDING_EVENT_SOURCE, REMEDIATIONS, remediationActions } from "@vigil/core";
import { describe, expect, it } from "vitest";
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

/** Every action some plan may call: the remediator's role holds no other write. */
const PLAN_ACTIONS = new Set(REMEDIATIONS.flatMap((planner) => planner.actions));

/** The remediator's statements on plan actions: `Allow|Deny action resources [condition]`, sorted. */
function remediatorWrites(app: AppRun): string[] {
  const role = app.get("RemediateRole", "aws:iam/role:Role");
  return inlineStatements(role)
    .flatMap((statement) =>
      list(statement.Action)
        .filter((action) => PLAN_ACTIONS.has(action))
        .map((action) =>
          [
            statement.Effect,
            action,
            list(statement.Resource).join(","),
            statement.Condition && JSON.stringify(statement.Condition),
          ]
            .filter(Boolean)
            .join(" "),
        ),
    )
    .sort();
}

/** Actions the remediator is allowed, on any resource. */
const allowedActions = (app: AppRun) => [
  ...new Set(
    remediatorWrites(app)
      .filter((grant) => grant.startsWith("Allow "))
      .map((grant) => grant.split(" ")[1]),
  ),
];

/** Deploys the app with this `remediation` section in vigil.config.ts (everything else as shipped). */
function deployWith(remediation: object): Promise<AppRun> {
  const config = `export default ${JSON.stringify({ ...vigilConfigInput, remediation })};\n`;
  return runApp({ stage: "test", files: { "vigil.config.ts": config } });
}

const everyRule = (mode: string) => Object.fromEntries(REMEDIATIONS.map((r) => [r.ruleId, mode]));
const A = "123456789012";
const OWN = [
  `arn:aws:lambda:*:${A}:function:vigil-test-*`,
  `arn:aws:iam::${A}:role/vigil-test-*`,
  `arn:aws:dynamodb:*:${A}:table/vigil-test-*`,
  `arn:aws:sqs:*:${A}:vigil-test-*`,
  `arn:aws:sns:*:${A}:vigil-test-*`,
  "arn:aws:s3:::vigil-test-*",
].join(",");
const NEVER = JSON.stringify({ StringEquals: { "aws:ResourceTag/vigil:remediate": "never" } });

describe("the remediator's permissions follow the modes of vigil.config.ts", () => {
  it("default (every plan in dry-run): the remediator posts plans and holds no write action at all", async () => {
    const app = await deployWith({});
    expect(app.resources.map((resource) => resource.name)).toContain("RemediateFunction");
    expect(remediatorWrites(app)).toEqual([]);
  });

  it("one rule on: that plan's actions on its kind of resource in this account, denied on Vigil's own and on never-tagged resources", async () => {
    const app = await deployWith({ modes: { ...everyRule("off"), "dynamodb-pitr-disabled": "auto" } });
    expect(remediatorWrites(app)).toEqual(
      [
        `Allow dynamodb:UpdateContinuousBackups arn:aws:dynamodb:*:${A}:table/*`,
        `Deny dynamodb:UpdateContinuousBackups * ${NEVER}`,
        `Deny dynamodb:UpdateContinuousBackups ${OWN}`,
      ].sort(),
    );
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

  it("a detach may remove AdministratorAccess only, from roles of this account", async () => {
    const app = await deployWith({ modes: { ...everyRule("off"), "iam-role-admin-access": "approve" } });
    expect(remediatorWrites(app).filter((grant) => grant.startsWith("Allow"))).toEqual([
      `Allow iam:DetachRolePolicy arn:aws:iam::${A}:role/* ${JSON.stringify({ ArnEquals: { "iam:PolicyARN": "arn:aws:iam::aws:policy/AdministratorAccess" } })}`,
    ]);
  });

  it("dry-run and off grant nothing; approve and auto grant their plans' actions, shared ones once per plan", async () => {
    const app = await deployWith({
      modes: { ...everyRule("dry-run"), "sqs-queue-unencrypted": "auto", "lambda-policy-public": "off" },
    });
    expect(allowedActions(app)).toEqual(["sqs:SetQueueAttributes"]);
    expect(allowedActions(app)).toEqual(
      remediationActions({ ...everyRule("dry-run"), "sqs-queue-unencrypted": "auto" }),
    );
    const rule = app.get("RemediateRule", "aws:cloudwatch/eventRule:EventRule");
    const remediated = JSON.parse(String(rule.inputs.eventPattern)).detail.rule.id as string[];
    expect(remediated).toContain("sqs-queue-policy-public");
    expect(remediated).not.toContain("lambda-policy-public");
  });

  it("tags every Vigil resource vigil:remediate=never through the provider's default tags", async () => {
    const app = await deployWith({});
    expect(app.app.providers?.aws).toMatchObject({ defaultTags: { tags: { "vigil:remediate": "never" } } });
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
