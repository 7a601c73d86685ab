import {
  type AdvancedEventSelector,
  CloudTrailClient,
  DescribeTrailsCommand,
  type DescribeTrailsCommandOutput,
  GetEventSelectorsCommand,
  type GetEventSelectorsCommandOutput,
  GetTrailStatusCommand,
  type GetTrailStatusCommandOutput,
} from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from "@aws-sdk/client-config-service";
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { slackRoutingSchema } from "@vigil/core";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { createDoctorClients, type DoctorCheck, runDoctor } from "./checks.ts";
import { iamForwarderRuleName } from "./names.ts";

const ACCOUNT = "123456789012";
const REGION = "eu-west-1";
const QUEUE_URL = (name: string) => `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/vigil-prod-${name}-abcd1234`;

const sts = mockClient(STSClient);
const cloudtrail = mockClient(CloudTrailClient);
const config = mockClient(ConfigServiceClient);
const dynamodb = mockClient(DynamoDBClient);
const sqs = mockClient(SQSClient);
const events = mockClient(EventBridgeClient);
const secretsManager = mockClient(SecretsManagerClient);
afterAll(() => {
  for (const stub of [sts, cloudtrail, config, dynamodb, sqs, events, secretsManager]) stub.restore();
});

const denied = (action: string) =>
  Object.assign(new Error(`User is not authorized to perform: ${action}`), { name: "AccessDeniedException" });

/** An account where everything Vigil needs is in place, stage `prod` deployed. */
function healthyAccount() {
  for (const stub of [sts, cloudtrail, config, dynamodb, sqs, events, secretsManager]) stub.reset();
  // Values stored in the webhook and the signing secret (DescribeSecret shows versions, never a value).
  secretsManager.on(DescribeSecretCommand).callsFake(({ SecretId }: { SecretId: string }) => ({
    Name: SecretId,
    VersionIdsToStages: SecretId.endsWith("SlackBotToken") ? {} : { "v-1": ["AWSCURRENT"] },
  }));
  sts.on(GetCallerIdentityCommand).resolves({ Account: ACCOUNT, Arn: `arn:aws:iam::${ACCOUNT}:user/auditor` });
  cloudtrail
    .on(DescribeTrailsCommand)
    .resolves({
      trailList: [
        {
          Name: "org-trail",
          TrailARN: `arn:aws:cloudtrail:us-east-1:${ACCOUNT}:trail/org-trail`,
          IsMultiRegionTrail: true,
          HomeRegion: "us-east-1",
        },
      ],
    })
    .on(GetTrailStatusCommand)
    .resolves({ IsLogging: true })
    .on(GetEventSelectorsCommand)
    .resolves({ EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] });
  config.on(DescribeConfigurationRecorderStatusCommand).resolves({
    ConfigurationRecordersStatus: [{ name: "default", recording: true }],
  });
  events.on(ListRulesCommand).resolves({ Rules: [{ Name: iamForwarderRuleName("vigil", "prod"), State: "ENABLED" }] });
  dynamodb
    .on(ListTablesCommand)
    .resolves({ TableNames: ["orders", "vigil-prod-FindingsTable-abcd1234"] })
    .on(DescribeTableCommand)
    .resolves({ Table: { TableStatus: "ACTIVE", StreamSpecification: { StreamEnabled: true }, ItemCount: 42 } });
  sqs
    .on(ListQueuesCommand)
    .resolves({
      QueueUrls: ["EvaluationQueueQueue", "EvaluationDeadLettersQueue", "NotifyDeadLettersQueue"].map(QUEUE_URL),
    })
    .on(GetQueueAttributesCommand)
    .resolves({ Attributes: { ApproximateNumberOfMessages: "0", QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:q` } });
}

/** Checks stage `prod` unless told `stage: null` (no stage given). */
const doctor = (overrides: { region?: string; stage?: string | null } = {}) => {
  const stage = overrides.stage === undefined ? "prod" : overrides.stage;
  return runDoctor({
    region: overrides.region ?? REGION,
    clients: createDoctorClients({ region: overrides.region ?? REGION }),
    ...(stage !== null && { stage }),
  });
};
const byId = (checks: readonly DoctorCheck[], id: string) => checks.find((check) => check.id === id);

describe("vigil doctor checks", () => {
  beforeEach(healthyAccount);

  it("passes every check of a healthy deployment", async () => {
    const checks = await doctor();
    expect(checks.map(({ id, status }) => [id, status])).toEqual([
      ["credentials", "ok"],
      ["cloudtrail", "ok"],
      ["config", "ok"],
      ["iam-events", "ok"],
      ["findings-table", "ok"],
      ["dead-letters", "ok"],
      ["slack", "ok"],
    ]);
    expect(byId(checks, "slack")?.message).toBe("SlackWebhookUrl and SlackSigningSecret are set");
    expect(secretsManager.commandCalls(DescribeSecretCommand).map((call) => call.args[0].input.SecretId)).toEqual([
      "vigil/prod/SlackWebhookUrl",
      "vigil/prod/SlackBotToken",
      "vigil/prod/SlackSigningSecret",
    ]);
    expect(byId(checks, "credentials")?.message).toContain(ACCOUNT);
    expect(byId(checks, "findings-table")?.message).toContain("vigil-prod-FindingsTable-abcd1234");
  });

  it("stops at missing credentials, saying what to do", async () => {
    sts
      .on(GetCallerIdentityCommand)
      .rejects(Object.assign(new Error("Could not load credentials"), { name: "CredentialsProviderError" }));
    const checks = await doctor();
    expect(checks).toEqual([
      expect.objectContaining({ id: "credentials", status: "fail", fix: expect.stringContaining("aws sso login") }),
    ]);
  });

  it.each<
    [
      string,
      Partial<DescribeTrailsCommandOutput> | undefined,
      Partial<GetTrailStatusCommandOutput> | undefined,
      Partial<GetEventSelectorsCommandOutput> | undefined,
    ]
  >([
    ["no trail at all", { trailList: [] }, undefined, undefined],
    [
      "a trail of another region",
      { trailList: [{ Name: "other", HomeRegion: "us-west-2", IsMultiRegionTrail: false }] },
      undefined,
      undefined,
    ],
    ["a trail that stopped logging", undefined, { IsLogging: false }, undefined],
    [
      "read-only management events",
      undefined,
      undefined,
      { EventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] },
    ],
    [
      "advanced selectors for data events only",
      undefined,
      undefined,
      { AdvancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Data"] }] }] },
    ],
  ])("fails the CloudTrail check for %s", async (_, trails, status, selectors) => {
    if (trails) cloudtrail.on(DescribeTrailsCommand).resolves(trails);
    if (status) cloudtrail.on(GetTrailStatusCommand).resolves(status);
    if (selectors) cloudtrail.on(GetEventSelectorsCommand).resolves(selectors);
    const check = byId(await doctor(), "cloudtrail");
    expect(check).toMatchObject({ status: "fail", fix: expect.stringContaining("aws cloudtrail create-trail") });
  });

  it("accepts advanced selectors that include management events", async () => {
    cloudtrail.on(GetEventSelectorsCommand).resolves({
      AdvancedEventSelectors: [{ FieldSelectors: [{ Field: "eventCategory", Equals: ["Management"] }] }],
    });
    expect(byId(await doctor(), "cloudtrail")?.status).toBe("ok");
  });

  it("fails a multi-region trail whose advanced selectors keep only read events", async () => {
    const readsOnly: AdvancedEventSelector = {
      Name: "management reads",
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Management"] },
        { Field: "readOnly", Equals: ["true"] },
      ],
    };
    cloudtrail.on(GetEventSelectorsCommand).resolves({ AdvancedEventSelectors: [readsOnly] });
    expect(byId(await doctor(), "cloudtrail")?.status).toBe("fail");
    const writes = {
      Name: "writes",
      FieldSelectors: [
        { Field: "eventCategory", Equals: ["Management"] },
        { Field: "readOnly", Equals: ["false"] },
      ],
    };
    cloudtrail.on(GetEventSelectorsCommand).resolves({ AdvancedEventSelectors: [readsOnly, writes] });
    expect(byId(await doctor(), "cloudtrail")?.status).toBe("ok");
  });

  describe("away from us-east-1, where IAM's events arrive", () => {
    const trail = (region: string) => ({
      Name: `${region}-trail`,
      TrailARN: `arn:aws:cloudtrail:${region}:${ACCOUNT}:trail/${region}-trail`,
      IsMultiRegionTrail: false,
      HomeRegion: region,
    });
    /** Each region's CloudTrail endpoint lists its own single-region trails (no shadow of them elsewhere). */
    const trailsByRegion = (trails: Record<string, ReturnType<typeof trail>[]>) =>
      cloudtrail.on(DescribeTrailsCommand).callsFake(async (_, getClient) => ({
        trailList: trails[await getClient().config.region()] ?? [],
      }));

    it("fails when only this region's trail logs write management events", async () => {
      trailsByRegion({ [REGION]: [trail(REGION)] });
      const check = byId(await doctor(), "cloudtrail");
      expect(check).toMatchObject({ status: "fail", fix: expect.stringContaining("--is-multi-region-trail") });
      expect(check?.message).toContain("no trail logs write management events in us-east-1");
    });

    it("fails when the us-east-1 trail logs only reads", async () => {
      trailsByRegion({ [REGION]: [trail(REGION)], "us-east-1": [trail("us-east-1")] });
      cloudtrail
        .on(GetEventSelectorsCommand, { TrailName: trail("us-east-1").TrailARN })
        .resolves({ EventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] });
      expect(byId(await doctor(), "cloudtrail")?.status).toBe("fail");
    });

    it("accepts a trail homed in us-east-1 beside this region's", async () => {
      trailsByRegion({ [REGION]: [trail(REGION)], "us-east-1": [trail("us-east-1")] });
      expect(byId(await doctor(), "cloudtrail")).toMatchObject({
        status: "ok",
        message: expect.stringContaining("us-east-1-trail in us-east-1"),
      });
    });
  });

  it("only warns about Config, which is optional", async () => {
    config.on(DescribeConfigurationRecorderStatusCommand).resolves({ ConfigurationRecordersStatus: [] });
    expect(byId(await doctor(), "config")).toMatchObject({ status: "warn" });
  });

  it("warns when IAM events are not forwarded from us-east-1, and needs no forwarder there", async () => {
    events.on(ListRulesCommand).resolves({ Rules: [] });
    expect(byId(await doctor(), "iam-events")).toMatchObject({
      status: "warn",
      fix: expect.stringContaining("homeRegion"),
    });
    expect(byId(await doctor({ region: "us-east-1" }), "iam-events")?.status).toBe("ok");
  });

  it("looks for the forwarder by the name the stack gives it, and no other", async () => {
    events
      .on(ListRulesCommand)
      .resolves({ Rules: [{ Name: "vigil-prod-IamForwarderRule-abcd1234", State: "ENABLED" }] });
    expect(byId(await doctor(), "iam-events")?.status).toBe("warn");
    expect(events.commandCalls(ListRulesCommand).map((call) => call.args[0].input.NamePrefix)).toEqual([
      "vigil-prod-iam-forwarder",
    ]);
  });

  it("fails when the stage's table is missing or has no stream", async () => {
    dynamodb.on(ListTablesCommand).resolves({ TableNames: ["orders"] });
    expect(byId(await doctor(), "findings-table")).toMatchObject({
      status: "fail",
      fix: "deploy it: npx sst deploy --stage prod",
    });
    healthyAccount();
    dynamodb.on(DescribeTableCommand).resolves({ Table: { TableStatus: "ACTIVE" } });
    expect(byId(await doctor(), "findings-table")?.message).toContain("without its stream");
  });

  it("warns about parked messages and names the redrive command", async () => {
    sqs.on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL("NotifyDeadLettersQueue") }).resolves({
      Attributes: { ApproximateNumberOfMessages: "3", QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:notify-dlq` },
    });
    const check = byId(await doctor(), "dead-letters");
    expect(check).toMatchObject({ status: "warn", fix: expect.stringContaining("start-message-move-task") });
    expect(check?.message).toContain("3 message(s)");
    expect(check?.message).not.toContain("EvaluationQueue");
  });

  it("counts the remediate dead letters among the parking queues", async () => {
    sqs
      .on(ListQueuesCommand)
      .resolves({ QueueUrls: ["RemediateQueueQueue", "RemediateDeadLettersQueue"].map(QUEUE_URL) })
      .on(GetQueueAttributesCommand, { QueueUrl: QUEUE_URL("RemediateDeadLettersQueue") })
      .resolves({ Attributes: { ApproximateNumberOfMessages: "2", QueueArn: `arn:aws:sqs:${REGION}:${ACCOUNT}:r` } });
    const check = byId(await doctor(), "dead-letters");
    expect(check).toMatchObject({
      status: "warn",
      message: "vigil-prod-RemediateDeadLettersQueue-abcd1234: 2 message(s)",
    });
  });

  it("skips the deployment's checks without a stage", async () => {
    const checks = await doctor({ stage: null });
    expect(byId(checks, "findings-table")?.status).toBe("skip");
    expect(byId(checks, "dead-letters")?.status).toBe("skip");
  });

  it("names the denied permission and goes on with the other checks", async () => {
    cloudtrail.on(DescribeTrailsCommand).rejects(denied("cloudtrail:DescribeTrails"));
    const checks = await doctor();
    expect(byId(checks, "cloudtrail")).toMatchObject({
      status: "warn",
      message: "could not check: cloudtrail:DescribeTrails was denied",
    });
    expect(byId(checks, "findings-table")?.status).toBe("ok");
  });

  it("fails a bot token when the deployed configuration gives some alerts no channel", async () => {
    secretsManager
      .on(DescribeSecretCommand, { SecretId: "vigil/prod/SlackBotToken" })
      .resolves({ VersionIdsToStages: { "v-1": ["AWSCURRENT"] } });
    const run = (slack: object) =>
      runDoctor({
        region: REGION,
        stage: "prod",
        clients: createDoctorClients({ region: REGION }),
        slackRouting: slackRoutingSchema.parse(slack),
      });
    expect(byId(await run({}), "slack")).toMatchObject({
      status: "fail",
      fix: expect.stringContaining("service.slack.defaultChannel"),
    });
    expect(byId(await run({ defaultChannel: "#alerts" }), "slack")?.status).toBe("ok");
  });

  it("warns when no Slack secret holds a value, or the signing secret does not, naming the command that stores it", async () => {
    secretsManager.on(DescribeSecretCommand).resolves({ VersionIdsToStages: {} });
    expect(byId(await doctor(), "slack")).toMatchObject({
      status: "warn",
      message: "neither SlackWebhookUrl nor SlackBotToken holds a value: alerts are only logged",
      fix: expect.stringContaining("aws secretsmanager put-secret-value --secret-id vigil/prod/SlackWebhookUrl"),
    });
    secretsManager
      .on(DescribeSecretCommand, { SecretId: "vigil/prod/SlackBotToken" })
      .resolves({ VersionIdsToStages: { "v-2": ["AWSCURRENT"], "v-1": ["AWSPREVIOUS"] } });
    expect(byId(await doctor(), "slack")).toMatchObject({
      status: "warn",
      message: expect.stringContaining("SlackBotToken is set; SlackSigningSecret holds no value"),
    });
  });
});
