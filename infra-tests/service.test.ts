import {
  capturePatterns,
  FINDING_EVENT_DETAIL_TYPE,
  FINDING_EVENT_SOURCE,
  parseVigilConfig,
  remediationActions,
} from "@vigil/core";
import { beforeAll, describe, expect, it } from "vitest";
import { findingsTableSchema } from "../packages/aws/src/store/schema.ts";
import { evaluatePermissions } from "../packages/functions/src/evaluate/permissions.ts";
import { NOTIFY_SERVICE_NAME, SLACK_PERMANENT_FAILURES } from "../packages/functions/src/notify/metrics.ts";
import { NOTIFY_TABLE_ACTIONS } from "../packages/functions/src/notify/table-access.ts";
import { QUEUE_CONSUMER_ACTIONS, STREAM_CONSUMER_ACTIONS } from "../stacks/event-source-actions.ts";
import vigilConfigInput from "../vigil.config.ts";
import { type AppRun, type RegisteredResource, runApp } from "./harness.ts";

interface Statement {
  Effect: string;
  Condition?: Record<string, unknown>;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
}

const list = (value: string | string[] | undefined): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function statements(document: unknown): Statement[] {
  const parsed = (typeof document === "string" ? JSON.parse(document) : document) as { Statement: Statement[] };
  return parsed.Statement;
}

function inlineStatements(role: RegisteredResource): Statement[] {
  const policies = (role.inputs.inlinePolicies ?? []) as { policy: string }[];
  return policies.flatMap((p) => statements(p.policy));
}

/** Active tracing needs these; X-Ray offers no resource-level permissions. */
const X_RAY_GRANTS = { "xray:PutTraceSegments": ["*"], "xray:PutTelemetryRecords": ["*"] };

const vigilConfig = parseVigilConfig(vigilConfigInput);

/** What the shipped configuration lets the remediator change (infra-tests/remediation.test.ts varies it). */
const REMEDIATOR_WRITES = new Set(remediationActions(vigilConfig.remediation.modes));
const serviceConfig = vigilConfig.service;

/** The read-only actions of the live readers: a targeted read or a sweep may reach any resource, so on `*`. */
const LIVE_READ_GRANTS = Object.fromEntries(evaluatePermissions().liveReads.map((action) => [action, ["*"]]));

/** Grants as action → resources (sorted), merged: an action may be granted on `*` and on one resource. */
function mergeGrants(...grants: Record<string, string[]>[]): Record<string, string[]> {
  const merged: Record<string, string[]> = {};
  for (const [action, resources] of grants.flatMap(Object.entries)) {
    merged[action] = [...(merged[action] ?? []), ...resources].sort();
  }
  return merged;
}

/** A role's inline grants as action → resources (sorted). */
function grantsOf(role: RegisteredResource): Record<string, string[]> {
  const grants = new Map<string, string[]>();
  for (const statement of inlineStatements(role)) {
    expect(statement.Effect).toBe("Allow");
    for (const action of list(statement.Action)) {
      grants.set(action, [...(grants.get(action) ?? []), ...list(statement.Resource)].sort());
    }
  }
  return Object.fromEntries(grants);
}

/** The configuration compiled into a function's bundle: the `process.env.VIGIL_CONFIG` define of its build. */
function bundledConfigOf(app: AppRun, functionId: string): unknown {
  const build = app.rpc.find((call) => call.method === "Runtime.Build" && call.params.functionID === functionId);
  const define = (build?.params.properties as { esbuild?: { define?: Record<string, string> } } | undefined)?.esbuild
    ?.define;
  return JSON.parse(JSON.parse(define?.["process.env.VIGIL_CONFIG"] ?? '""'));
}

/** Bytes of a function's environment as Lambda counts them against its 4 KB limit: keys and values. */
function environmentBytes(fn: RegisteredResource): number {
  const variables = (fn.inputs.environment as { variables?: Record<string, string> } | undefined)?.variables ?? {};
  return Object.entries(variables).reduce((sum, [key, value]) => sum + Buffer.byteLength(key + String(value)), 0);
}

describe("the deployed service (sst.config.ts, stage test)", () => {
  let app: AppRun;
  const arnOf = (name: string, type: string) => String(app.get(name, type).outputs.arn);

  beforeAll(async () => {
    app = await runApp({ stage: "test" });
  });

  describe("findings table", () => {
    it("has the store's keys and indexes, a new-and-old-images stream, TTL on `ttl`, PITR and encryption", () => {
      const table = app.get("FindingsTable", "aws:dynamodb/table:Table");
      expect(table.inputs).toMatchObject({
        hashKey: findingsTableSchema.primaryIndex.hashKey,
        rangeKey: findingsTableSchema.primaryIndex.rangeKey,
        billingMode: "PAY_PER_REQUEST",
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        ttl: { attributeName: "ttl", enabled: true },
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true },
        deletionProtectionEnabled: false,
      });
      const indexes = (table.inputs.globalSecondaryIndexes as { name: string; hashKey: string; rangeKey: string }[])
        .map(({ name, hashKey, rangeKey }) => ({ name, hashKey, rangeKey }))
        .sort((a, b) => a.name.localeCompare(b.name));
      expect(indexes).toEqual(
        Object.entries(findingsTableSchema.globalIndexes)
          .map(([name, index]) => ({ name, ...index }))
          .sort((a, b) => a.name.localeCompare(b.name)),
      );
    });

    it.each(["prod", "production"])("is protected from deletion on stage %s", async (stage) => {
      const prod = await runApp({ stage });
      expect(prod.get("FindingsTable", "aws:dynamodb/table:Table").inputs.deletionProtectionEnabled).toBe(true);
    });
  });

  it("has Vigil's own bus for finding events", () => {
    expect(app.byType("aws:cloudwatch/eventBus:EventBus").map((bus) => bus.name)).toEqual(["FindingsBusBus"]);
  });

  describe("evaluation queue", () => {
    it("delays delivery by the coalescing window and redrives to its DLQ, both encrypted", () => {
      const queue = app.get("EvaluationQueueQueue", "aws:sqs/queue:Queue");
      expect(queue.inputs.delaySeconds).toBe(serviceConfig.coalescingWindowSeconds);
      expect(queue.inputs.sqsManagedSseEnabled).toBe(true);
      expect(JSON.parse(String(queue.inputs.redrivePolicy))).toEqual({
        deadLetterTargetArn: arnOf("EvaluationDeadLettersQueue", "aws:sqs/queue:Queue"),
        maxReceiveCount: 3,
      });
      const dlq = app.get("EvaluationDeadLettersQueue", "aws:sqs/queue:Queue");
      expect(dlq.inputs).toMatchObject({ sqsManagedSseEnabled: true, messageRetentionSeconds: 14 * 24 * 60 * 60 });
    });
  });

  describe("capture", () => {
    it("has one rule on the default bus per capture pattern, with exactly that pattern", () => {
      const rules = app.byType("aws:cloudwatch/eventRule:EventRule").filter((rule) => rule.name.startsWith("Capture"));
      const expected = capturePatterns();
      expect(rules.map((rule) => rule.name).sort()).toEqual(expected.map(({ name }) => `Capture${name}`).sort());
      for (const { name, pattern } of expected) {
        const rule = app.get(`Capture${name}`, "aws:cloudwatch/eventRule:EventRule");
        expect(rule.inputs.eventBusName ?? "default", name).toBe("default");
        expect(JSON.parse(String(rule.inputs.eventPattern)), name).toEqual(pattern);
      }
    });

    it("targets the ingest function from every rule, which EventBridge may invoke for that rule only", () => {
      const ingest = app.get("IngestFunction", "aws:lambda/function:Function");
      for (const { name } of capturePatterns()) {
        const rule = app.get(`Capture${name}`, "aws:cloudwatch/eventRule:EventRule");
        const target = app.get(`Capture${name}Target`, "aws:cloudwatch/eventTarget:EventTarget");
        expect(target.inputs).toMatchObject({
          rule: rule.outputs.name,
          arn: ingest.outputs.arn,
          deadLetterConfig: { arn: arnOf("UndeliveredEventsQueue", "aws:sqs/queue:Queue") },
          retryPolicy: { maximumRetryAttempts: 8, maximumEventAgeInSeconds: 3600 },
        });
        expect(app.get(`Capture${name}Permission`, "aws:lambda/permission:Permission").inputs).toMatchObject({
          action: "lambda:InvokeFunction",
          function: ingest.outputs.name,
          principal: "events.amazonaws.com",
          sourceArn: rule.outputs.arn,
        });
      }
    });
  });

  it("lets only the capture rules and the sweep and exemptions schedules park undeliverable events on their queue", () => {
    const queue = app.get("UndeliveredEventsQueue", "aws:sqs/queue:Queue");
    const policy = app.get("UndeliveredEventsPolicy", "aws:sqs/queuePolicy:QueuePolicy");
    expect(policy.inputs.queueUrl).toBe(queue.outputs.url);
    const ruleArns = [
      ...capturePatterns().map(({ name }) => arnOf(`Capture${name}`, "aws:cloudwatch/eventRule:EventRule")),
      arnOf("SweepScheduleRule", "aws:cloudwatch/eventRule:EventRule"),
      arnOf("ExemptionsScheduleRule", "aws:cloudwatch/eventRule:EventRule"),
    ];
    expect(statements(policy.inputs.policy)).toEqual([
      {
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Resource: queue.outputs.arn,
        Condition: { ArnEquals: { "aws:SourceArn": ruleArns } },
      },
    ]);
  });

  describe("ingest function", () => {
    it("runs nodejs24.x on arm64 with a bounded timeout, memory and concurrency", () => {
      const ingest = app.get("IngestFunction", "aws:lambda/function:Function");
      expect(ingest.inputs).toMatchObject({
        handler: "packages/functions/src/ingest/handler.handler",
        runtime: "nodejs24.x",
        architectures: ["arm64"],
        timeout: 10,
        memorySize: 256,
        reservedConcurrentExecutions: 10,
      });
      expect((ingest.inputs.environment as { variables: Record<string, string> }).variables.EVALUATION_QUEUE_URL).toBe(
        app.get("EvaluationQueueQueue", "aws:sqs/queue:Queue").outputs.url,
      );
    });

    it("may only send to the evaluation queue (and failed invocations to theirs) and write traces", () => {
      expect(grantsOf(app.get("IngestRole", "aws:iam/role:Role"))).toEqual({
        "sqs:SendMessage": [
          arnOf("EvaluationQueueQueue", "aws:sqs/queue:Queue"),
          arnOf("FailedInvocationsQueue", "aws:sqs/queue:Queue"),
        ].sort(),
        ...X_RAY_GRANTS,
      });
    });
  });

  describe("evaluate function", () => {
    it("runs the evaluate handler with the findings table and the validated config, within the queue's timeout", () => {
      const evaluate = app.get("EvaluateFunction", "aws:lambda/function:Function");
      expect(evaluate.inputs).toMatchObject({
        handler: "packages/functions/src/evaluate/handler.handler",
        runtime: "nodejs24.x",
        architectures: ["arm64"],
        reservedConcurrentExecutions: 5,
      });
      const variables = (evaluate.inputs.environment as { variables: Record<string, string> }).variables;
      expect(variables.FINDINGS_TABLE).toBe(app.get("FindingsTable", "aws:dynamodb/table:Table").outputs.name);
      // The configuration travels in the bundle, not in the environment.
      expect(variables.VIGIL_CONFIG).toBeUndefined();
      expect(bundledConfigOf(app, "Evaluate")).toEqual(JSON.parse(JSON.stringify(vigilConfig)));
      // Lambda's SQS event source advises a visibility timeout of six times the function's timeout.
      const queue = app.get("EvaluationQueueQueue", "aws:sqs/queue:Queue");
      expect(Number(queue.inputs.visibilityTimeoutSeconds)).toBeGreaterThanOrEqual(6 * Number(evaluate.inputs.timeout));
    });

    it("is subscribed to the evaluation queue with partial batch responses, capped at its reservation", () => {
      const evaluate = app.get("EvaluateFunction", "aws:lambda/function:Function");
      const mappings = app
        .byType("aws:lambda/eventSourceMapping:EventSourceMapping")
        .filter((mapping) => mapping.inputs.functionName === evaluate.outputs.arn);
      expect(mappings.map((mapping) => mapping.inputs)).toEqual([
        expect.objectContaining({
          eventSourceArn: arnOf("EvaluationQueueQueue", "aws:sqs/queue:Queue"),
          functionName: evaluate.outputs.arn,
          functionResponseTypes: ["ReportBatchItemFailures"],
          scalingConfig: { maximumConcurrency: evaluate.inputs.reservedConcurrentExecutions },
        }),
      ]);
    });

    it("is granted exactly evaluatePermissions(): live reads on `*`, the store's actions on the table only, sending dependants to its own queue", () => {
      const { findingsTable } = evaluatePermissions();
      const table = arnOf("FindingsTable", "aws:dynamodb/table:Table");
      const queue = arnOf("EvaluationQueueQueue", "aws:sqs/queue:Queue");
      expect(grantsOf(app.get("EvaluateRole", "aws:iam/role:Role"))).toEqual(
        mergeGrants(
          LIVE_READ_GRANTS,
          Object.fromEntries(findingsTable.map((action) => [action, [table]])),
          Object.fromEntries([...QUEUE_CONSUMER_ACTIONS, "sqs:SendMessage"].map((action) => [action, [queue]])),
          { "sqs:SendMessage": [arnOf("FailedInvocationsQueue", "aws:sqs/queue:Queue")] },
          X_RAY_GRANTS,
        ),
      );
    });
  });

  describe("sweep", () => {
    it("runs the sweep handler on the configured schedule, one at a time, parking undelivered runs", () => {
      const sweep = app.get("SweepFunction", "aws:lambda/function:Function");
      expect(sweep.inputs).toMatchObject({
        handler: "packages/functions/src/sweep/handler.handler",
        runtime: "nodejs24.x",
        architectures: ["arm64"],
        reservedConcurrentExecutions: 1,
      });
      expect((sweep.inputs.environment as { variables: Record<string, string> }).variables.EVALUATION_QUEUE_URL).toBe(
        app.get("EvaluationQueueQueue", "aws:sqs/queue:Queue").outputs.url,
      );
      const rule = app.get("SweepScheduleRule", "aws:cloudwatch/eventRule:EventRule");
      expect(rule.inputs.scheduleExpression).toBe(serviceConfig.sweepSchedule);
      expect(app.get("SweepScheduleTarget", "aws:cloudwatch/eventTarget:EventTarget").inputs).toMatchObject({
        rule: rule.outputs.name,
        arn: sweep.outputs.arn,
        deadLetterConfig: { arn: arnOf("UndeliveredEventsQueue", "aws:sqs/queue:Queue") },
      });
    });

    it("may read what the live readers read and send to the evaluation queue, nothing else", () => {
      expect(grantsOf(app.get("SweepRole", "aws:iam/role:Role"))).toEqual(
        mergeGrants(
          LIVE_READ_GRANTS,
          {
            "sqs:SendMessage": [
              arnOf("EvaluationQueueQueue", "aws:sqs/queue:Queue"),
              arnOf("FailedInvocationsQueue", "aws:sqs/queue:Queue"),
            ],
          },
          X_RAY_GRANTS,
        ),
      );
    });
  });

  describe("publish", () => {
    it("reads current findings from the table stream with partial batch responses, parking exhausted batches", () => {
      const publish = app.get("PublishFunction", "aws:lambda/function:Function");
      expect(publish.inputs).toMatchObject({
        handler: "packages/functions/src/publish/handler.handler",
        runtime: "nodejs24.x",
        architectures: ["arm64"],
      });
      const variables = (publish.inputs.environment as { variables: Record<string, string> }).variables;
      expect(variables.FINDINGS_BUS).toBe(app.get("FindingsBusBus", "aws:cloudwatch/eventBus:EventBus").outputs.name);
      const [mapping, ...others] = app
        .byType("aws:lambda/eventSourceMapping:EventSourceMapping")
        .filter((m) => m.inputs.functionName === publish.outputs.arn);
      expect(others).toEqual([]);
      expect(mapping?.inputs).toMatchObject({
        eventSourceArn: app.get("FindingsTable", "aws:dynamodb/table:Table").outputs.streamArn,
        startingPosition: "LATEST",
        functionResponseTypes: ["ReportBatchItemFailures"],
        bisectBatchOnFunctionError: true,
        destinationConfig: { onFailure: { destinationArn: arnOf("PublishFailuresQueue", "aws:sqs/queue:Queue") } },
      });
      const { filters } = (mapping?.inputs.filterCriteria ?? { filters: [] }) as { filters: { pattern: string }[] };
      expect(filters.map((filter) => JSON.parse(filter.pattern))).toEqual([
        {
          eventName: ["INSERT", "MODIFY"],
          dynamodb: { Keys: { pk: { S: [{ prefix: "RES#" }] }, sk: { S: [{ prefix: "RULE#" }] } } },
        },
      ]);
    });

    it("may put events on Vigil's bus only, besides consuming the stream", () => {
      const stream = String(app.get("FindingsTable", "aws:dynamodb/table:Table").outputs.streamArn);
      expect(grantsOf(app.get("PublishRole", "aws:iam/role:Role"))).toEqual(
        mergeGrants(
          { "events:PutEvents": [arnOf("FindingsBusBus", "aws:cloudwatch/eventBus:EventBus")] },
          Object.fromEntries(STREAM_CONSUMER_ACTIONS.map((action) => [action, [stream]])),
          {
            "sqs:SendMessage": [
              arnOf("PublishFailuresQueue", "aws:sqs/queue:Queue"),
              arnOf("FailedInvocationsQueue", "aws:sqs/queue:Queue"),
            ],
          },
          X_RAY_GRANTS,
        ),
      );
    });
  });

  describe("notify", () => {
    it("receives finding events from Vigil's bus through its queue, which only that rule may fill", () => {
      const rule = app.get("NotifyRule", "aws:cloudwatch/eventRule:EventRule");
      expect(rule.inputs.eventBusName).toBe(app.get("FindingsBusBus", "aws:cloudwatch/eventBus:EventBus").outputs.name);
      expect(JSON.parse(String(rule.inputs.eventPattern))).toEqual({
        source: [FINDING_EVENT_SOURCE],
        "detail-type": [FINDING_EVENT_DETAIL_TYPE],
      });
      const queue = arnOf("NotifyQueueQueue", "aws:sqs/queue:Queue");
      const deadLetters = arnOf("NotifyDeadLettersQueue", "aws:sqs/queue:Queue");
      expect(app.get("NotifyRuleTarget", "aws:cloudwatch/eventTarget:EventTarget").inputs).toMatchObject({
        rule: rule.outputs.name,
        arn: queue,
        deadLetterConfig: { arn: deadLetters },
      });
      for (const [policyName, arn] of [
        ["NotifyQueuePolicy", queue],
        ["NotifyDeadLettersPolicy", deadLetters],
      ] as const) {
        const policy = app.get(policyName, "aws:sqs/queuePolicy:QueuePolicy");
        expect(statements(policy.inputs.policy)).toEqual([
          {
            Effect: "Allow",
            Principal: { Service: "events.amazonaws.com" },
            Action: "sqs:SendMessage",
            Resource: arn,
            Condition: { ArnEquals: { "aws:SourceArn": [rule.outputs.arn] } },
          },
        ]);
      }
      const notify = app.get("NotifyFunction", "aws:lambda/function:Function");
      const mappings = app
        .byType("aws:lambda/eventSourceMapping:EventSourceMapping")
        .filter((m) => m.inputs.functionName === notify.outputs.arn);
      expect(mappings.map((m) => m.inputs)).toEqual([
        expect.objectContaining({
          eventSourceArn: queue,
          batchSize: 50,
          maximumBatchingWindowInSeconds: 20,
          functionResponseTypes: ["ReportBatchItemFailures"],
          scalingConfig: { maximumConcurrency: notify.inputs.reservedConcurrentExecutions },
        }),
      ]);
    });

    it("touches only its claims and alert threads in the findings table, never a finding", () => {
      const role = app.get("NotifyRole", "aws:iam/role:Role");
      const table = arnOf("FindingsTable", "aws:dynamodb/table:Table");
      expect(grantsOf(role)).toEqual(
        mergeGrants(
          Object.fromEntries(NOTIFY_TABLE_ACTIONS.map((action) => [action, [table]])),
          Object.fromEntries(
            QUEUE_CONSUMER_ACTIONS.map((action) => [action, [arnOf("NotifyQueueQueue", "aws:sqs/queue:Queue")]]),
          ),
          { "sqs:SendMessage": [arnOf("FailedInvocationsQueue", "aws:sqs/queue:Queue")] },
          X_RAY_GRANTS,
          {
            "secretsmanager:GetSecretValue": [
              arnOf("SlackBotToken", "aws:secretsmanager/secret:Secret"),
              arnOf("SlackWebhookUrl", "aws:secretsmanager/secret:Secret"),
            ],
            "kms:Decrypt": [arnOf("SlackSecretsKey", "aws:kms/key:Key")],
          },
        ),
      );
      const tableStatement = inlineStatements(role).find((statement) => list(statement.Resource).includes(table));
      expect(tableStatement?.Condition).toEqual({
        "ForAllValues:StringLike": { "dynamodb:LeadingKeys": ["IDEMPOTENCY#notify", "ALERT#*"] },
      });
    });

    it("alarms on the alerts Slack refused for good, by the metric notify writes", () => {
      expect(app.get("SlackPermanentFailuresAlarm", "aws:cloudwatch/metricAlarm:MetricAlarm").inputs).toMatchObject({
        namespace: "Vigil",
        metricName: SLACK_PERMANENT_FAILURES,
        dimensions: { service: NOTIFY_SERVICE_NAME },
        statistic: "Sum",
        comparisonOperator: "GreaterThanThreshold",
        threshold: 0,
        treatMissingData: "notBreaching",
      });
    });

    it("learns its Slack secrets' ARNs, never their values, and no sst.Secret exists", async () => {
      const webhook = "https://hooks.slack.com/services/T0000/B0000/not-a-real-secret";
      const withSecret = await runApp({ stage: "test", secrets: { SlackWebhookUrl: webhook } });
      for (const fn of withSecret.byType("aws:lambda/function:Function")) {
        const variables = (fn.inputs.environment as { variables: Record<string, string> }).variables;
        expect(JSON.stringify(variables), fn.name).not.toContain(webhook);
      }
      // No sst.Secret at all: SST would ship its value in the code zip with the key in the environment.
      expect(withSecret.resources.filter((resource) => resource.type === "sst:sst:Secret")).toEqual([]);
      const notifyVariables = (
        withSecret.get("NotifyFunction", "aws:lambda/function:Function").inputs.environment as {
          variables: Record<string, string>;
        }
      ).variables;
      expect(notifyVariables).toMatchObject({
        VIGIL_SECRET_ARN_SLACK_WEBHOOK_URL: String(
          withSecret.get("SlackWebhookUrl", "aws:secretsmanager/secret:Secret").outputs.arn,
        ),
        VIGIL_SECRET_ARN_SLACK_BOT_TOKEN: String(
          withSecret.get("SlackBotToken", "aws:secretsmanager/secret:Secret").outputs.arn,
        ),
      });
    });
  });

  describe("every function", () => {
    it("keeps logs for a bounded time and sends failed asynchronous invocations to a queue", () => {
      const failed = arnOf("FailedInvocationsQueue", "aws:sqs/queue:Queue");
      for (const fn of app.byType("aws:lambda/function:Function")) {
        const base = fn.name.replace(/Function$/, "");
        expect(app.get(`${base}LogGroup`, "aws:cloudwatch/logGroup:LogGroup").inputs.retentionInDays, fn.name).toBe(90);
        const invokeConfig = app.get(
          `${base}EventInvokeConfig`,
          "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig",
        );
        expect(invokeConfig.inputs).toMatchObject({
          functionName: fn.outputs.name,
          destinationConfig: { onFailure: { destination: failed } },
        });
        expect(fn.inputs.reservedConcurrentExecutions, fn.name).toBeGreaterThan(0);
        expect(fn.inputs.tracingConfig, fn.name).toEqual({ mode: "Active" });
        expect(fn.inputs.tags, fn.name).toMatchObject({ owner: "vigil" });
      }
    });

    it("has a role only Lambda may assume", () => {
      for (const role of app.byType("aws:iam/role:Role")) {
        const trust = statements(role.inputs.assumeRolePolicy);
        expect(trust, role.name).toEqual([
          expect.objectContaining({
            Effect: "Allow",
            Action: "sts:AssumeRole",
            Principal: { Service: "lambda.amazonaws.com" },
          }),
        ]);
      }
    });

    it("is granted no wildcard action, and `*` as resource only for X-Ray and the live readers' read-only actions", () => {
      for (const role of app.byType("aws:iam/role:Role")) {
        for (const statement of inlineStatements(role)) {
          expect(
            list(statement.Action).filter((action) => action.includes("*")),
            role.name,
          ).toEqual([]);
          const onEverything = list(statement.Resource).includes("*");
          // The remediator acts on the watched app's resources, unknown at deploy: its plans' actions, and only those.
          const remediates = role.name === "RemediateRole";
          const unscoped = (action: string) =>
            action in X_RAY_GRANTS || action in LIVE_READ_GRANTS || (remediates && REMEDIATOR_WRITES.has(action));
          expect(onEverything && !list(statement.Action).every(unscoped), role.name).toBe(false);
        }
        expect(role.inputs.managedPolicyArns, role.name).toEqual([
          "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        ]);
      }
    });
  });
});

describe("a large configuration (500 exemptions, 200 routes)", () => {
  it("deploys: every function carries it in its bundle, and every environment stays under Lambda's 4 KB", async () => {
    const exemptions = Array.from({ length: 500 }, (_, i) => ({
      rule: "lambda-url-auth-none",
      resource: `arn:aws:lambda:us-east-1:123456789012:function:partner-webhook-${i}`,
      reason: `partner ${i}: signed webhook, verified in code`,
      expires: "2027-06-30",
    }));
    const routes = Array.from({ length: 200 }, (_, i) => ({ channel: `#team-${i}`, tags: { team: `team-${i}` } }));
    const large = {
      ...vigilConfigInput,
      exemptions,
      service: { ...vigilConfigInput.service, slack: { defaultChannel: "#alerts", routes } },
    };
    const deployed = await runApp({
      stage: "test",
      files: { "vigil.config.ts": `export default ${JSON.stringify(large)};\n` },
    });
    const functions = deployed.byType("aws:lambda/function:Function");
    expect(functions.length).toBeGreaterThan(5);
    for (const fn of functions) {
      expect(environmentBytes(fn), fn.name).toBeLessThan(4096);
      const functionId = fn.name.replace(/Function$/, "");
      const config = bundledConfigOf(deployed, functionId) as {
        exemptions: unknown[];
        service: { slack: { routes: unknown[] } };
      };
      expect(config.exemptions, fn.name).toHaveLength(500);
      expect(config.service.slack.routes, fn.name).toHaveLength(200);
    }
  });
});
