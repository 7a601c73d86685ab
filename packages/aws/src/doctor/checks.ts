import { CloudTrailClient } from "@aws-sdk/client-cloudtrail";
import { ConfigServiceClient, DescribeConfigurationRecorderStatusCommand } from "@aws-sdk/client-config-service";
import { DescribeTableCommand, DynamoDBClient, ListTablesCommand } from "@aws-sdk/client-dynamodb";
import { EventBridgeClient, ListRulesCommand } from "@aws-sdk/client-eventbridge";
import { DescribeSecretCommand, SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { GetQueueAttributesCommand, ListQueuesCommand, SQSClient } from "@aws-sdk/client-sqs";
import { GetCallerIdentityCommand, STSClient } from "@aws-sdk/client-sts";
import { routesEveryAlert, type SlackRouting } from "@vigil/core";
import { IAM_EVENTS_REGION, iamForwarderRuleName, PARKING_QUEUES } from "./names.ts";
import { type TrailSearch, writeTrailOf } from "./trails.ts";

export type CheckStatus = "ok" | "warn" | "fail" | "skip";

/** One finding of `vigil doctor`: what was checked, how it stands, and what to do about it. */
export interface DoctorCheck {
  readonly id: string;
  readonly title: string;
  readonly status: CheckStatus;
  readonly message: string;
  readonly fix?: string;
}

/** Every IAM action `vigil doctor` calls (all read-only), for the docs and `--help`. */
export const DOCTOR_PERMISSIONS = [
  "cloudtrail:DescribeTrails",
  "cloudtrail:GetEventSelectors",
  "cloudtrail:GetTrailStatus",
  "config:DescribeConfigurationRecorderStatus",
  "dynamodb:DescribeTable",
  "dynamodb:ListTables",
  "events:ListRules",
  "secretsmanager:DescribeSecret",
  "sqs:GetQueueAttributes",
  "sqs:ListQueues",
  "sts:GetCallerIdentity",
] as const;

/** The clients of the checks, for one region (and us-east-1 for IAM's trail and forwarder). */
export interface DoctorClients {
  readonly sts: STSClient;
  readonly cloudtrail: (region: string) => CloudTrailClient;
  readonly config: ConfigServiceClient;
  readonly dynamodb: DynamoDBClient;
  readonly sqs: SQSClient;
  readonly secretsManager: SecretsManagerClient;
  readonly events: (region: string) => EventBridgeClient;
}

export interface DoctorOptions {
  readonly region: string;
  /** The deployed stage to inspect (`npx sst deploy --stage <stage>`); without it, only the account is checked. */
  readonly stage?: string;
  /** The SST app name; default `vigil`. */
  readonly app?: string;
  /** `service.slack` of the vigil.config the stage was deployed with, when it could be read. */
  readonly slackRouting?: SlackRouting;
  readonly clients: DoctorClients;
}

export function createDoctorClients(options: {
  readonly region: string;
  readonly credentials?: STSClient["config"]["credentials"];
  readonly endpoint?: string;
}): DoctorClients {
  const config = {
    region: options.region,
    ...(options.credentials && { credentials: options.credentials }),
    ...(options.endpoint && { endpoint: options.endpoint }),
  };
  return {
    sts: new STSClient(config),
    cloudtrail: (region) => new CloudTrailClient({ ...config, region }),
    config: new ConfigServiceClient(config),
    dynamodb: new DynamoDBClient(config),
    sqs: new SQSClient(config),
    secretsManager: new SecretsManagerClient(config),
    events: (region) => new EventBridgeClient({ ...config, region }),
  };
}

/** The IAM action a failed call needed, named in the check's message when AWS denies it. */
function failure(id: string, title: string, action: string, error: unknown): DoctorCheck {
  const name = (error as { name?: string })?.name ?? "Error";
  const denied = /AccessDenied|UnauthorizedOperation|not authorized/i.test(`${name} ${(error as Error)?.message}`);
  return denied
    ? {
        id,
        title,
        status: "warn",
        message: `could not check: ${action} was denied`,
        fix: `grant ${action} to the identity running vigil doctor`,
      }
    : {
        id,
        title,
        status: "warn",
        message: `could not check: ${action} failed (${name}: ${(error as Error)?.message})`,
      };
}

async function credentials({ clients }: DoctorOptions): Promise<DoctorCheck> {
  const id = "credentials";
  const title = "AWS credentials";
  try {
    const identity = await clients.sts.send(new GetCallerIdentityCommand({}));
    return { id, title, status: "ok", message: `account ${identity.Account}, as ${identity.Arn}` };
  } catch (error) {
    return {
      id,
      title,
      status: "fail",
      message: `no usable credentials: ${(error as Error).message}`,
      fix: "run `aws sso login --profile <name>` or `aws configure`, then pass --profile <name> or set AWS_PROFILE",
    };
  }
}

/**
 * A trail must log write management events here (else EventBridge receives no change events) and, away from
 * us-east-1, there too: IAM is global and its events arrive in us-east-1 only, for the forwarder to take.
 */
async function cloudTrail({ clients, region }: DoctorOptions): Promise<DoctorCheck> {
  const id = "cloudtrail";
  const title = "CloudTrail trail with management events";
  const fix =
    "create a trail that logs management (write) events in every region, e.g. `aws cloudtrail create-trail " +
    "--name management --s3-bucket-name <bucket> --is-multi-region-trail` then `aws cloudtrail start-logging --name management`";
  const search: TrailSearch = { action: "cloudtrail:DescribeTrails" };
  try {
    const here = await writeTrailOf(clients.cloudtrail(region), region, search);
    if (!here) {
      return {
        id,
        title,
        status: "fail",
        message: `no trail covers ${region} with write management events: EventBridge receives no "AWS API Call via CloudTrail" events, so Vigil only sees the daily sweep`,
        fix,
      };
    }
    if (region === IAM_EVENTS_REGION || here.IsMultiRegionTrail) {
      return { id, title, status: "ok", message: `trail ${here.Name} logs write management events here` };
    }
    const iam = await writeTrailOf(clients.cloudtrail(IAM_EVENTS_REGION), IAM_EVENTS_REGION, search);
    if (!iam) {
      return {
        id,
        title,
        status: "fail",
        message: `trail ${here.Name} covers ${region}, but no trail logs write management events in ${IAM_EVENTS_REGION}, where IAM's events arrive: IAM changes are only seen by the daily sweep`,
        fix,
      };
    }
    return {
      id,
      title,
      status: "ok",
      message: `trail ${here.Name} logs write management events here, ${iam.Name} in ${IAM_EVENTS_REGION} (IAM)`,
    };
  } catch (error) {
    return failure(id, title, search.action, error);
  }
}

async function configRecorder({ clients, region }: DoctorOptions): Promise<DoctorCheck> {
  const id = "config";
  const title = "AWS Config recorder";
  try {
    const { ConfigurationRecordersStatus = [] } = await clients.config.send(
      new DescribeConfigurationRecorderStatusCommand({}),
    );
    if (ConfigurationRecordersStatus.some((recorder) => recorder.recording)) {
      return {
        id,
        title,
        status: "ok",
        message: `recording in ${region}: Config item changes are a second source of change events`,
      };
    }
    return {
      id,
      title,
      status: "warn",
      message: `not recording in ${region}: Vigil relies on CloudTrail events alone (optional)`,
      fix: "turn AWS Config recording on in this region if you want its change events too",
    };
  } catch (error) {
    return failure(id, title, "config:DescribeConfigurationRecorderStatus", error);
  }
}

/** SST names a resource `<app>-<stage>-<Name>-<suffix>`. */
const physicalPrefix = (options: DoctorOptions, name: string) => `${options.app ?? "vigil"}-${options.stage}-${name}`;

async function iamForwarding(options: DoctorOptions): Promise<DoctorCheck> {
  const id = "iam-events";
  const title = "IAM change events";
  if (options.region === IAM_EVENTS_REGION) {
    return { id, title, status: "ok", message: `${IAM_EVENTS_REGION} receives IAM's events itself` };
  }
  if (!options.stage) {
    return {
      id,
      title,
      status: "skip",
      message: `IAM's events arrive in ${IAM_EVENTS_REGION} only; pass --stage to check Vigil's forwarder there`,
    };
  }
  try {
    const name = iamForwarderRuleName(options.app ?? "vigil", options.stage);
    const { Rules = [] } = await options.clients
      .events(IAM_EVENTS_REGION)
      .send(new ListRulesCommand({ NamePrefix: name }));
    const rule = Rules.find((candidate) => candidate.Name === name && candidate.State === "ENABLED");
    return rule
      ? { id, title, status: "ok", message: `forwarded from ${IAM_EVENTS_REGION} by ${rule.Name}` }
      : {
          id,
          title,
          status: "warn",
          message: `no enabled rule ${name} in ${IAM_EVENTS_REGION}: IAM changes are only seen by the sweep`,
          fix: `deploy with this region as home region (service.homeRegion: "${options.region}") so the stacks add it`,
        };
  } catch (error) {
    return failure(id, title, "events:ListRules", error);
  }
}

/** The deployed findings table of an SST app's stage (SST names it `<app>-<stage>-FindingsTable<suffix>`), if any. */
export async function findFindingsTable(
  dynamodb: Pick<DynamoDBClient, "send">,
  app: string,
  stage: string,
): Promise<string | undefined> {
  const prefix = `${app}-${stage}-FindingsTable`;
  let start: string | undefined;
  // Bounded: 100 pages of 100 tables.
  for (let page = 0; page < 100; page++) {
    const listed = await dynamodb.send(new ListTablesCommand({ ExclusiveStartTableName: start }));
    const name = listed.TableNames?.find((table) => table.startsWith(prefix));
    if (name) return name;
    start = listed.LastEvaluatedTableName;
    if (!start) return undefined;
  }
  return undefined;
}

async function findingsTable(options: DoctorOptions): Promise<DoctorCheck> {
  const id = "findings-table";
  const title = "Findings table";
  if (!options.stage) return { id, title, status: "skip", message: "pass --stage to check the deployed service" };
  const prefix = physicalPrefix(options, "FindingsTable");
  let action = "dynamodb:ListTables";
  try {
    const name = await findFindingsTable(options.clients.dynamodb, options.app ?? "vigil", options.stage);
    if (!name) {
      return {
        id,
        title,
        status: "fail",
        message: `no table named ${prefix}-… in ${options.region}`,
        fix: `deploy it: npx sst deploy --stage ${options.stage}`,
      };
    }
    action = "dynamodb:DescribeTable";
    const { Table } = await options.clients.dynamodb.send(new DescribeTableCommand({ TableName: name }));
    if (Table?.TableStatus !== "ACTIVE" || !Table.StreamSpecification?.StreamEnabled) {
      return {
        id,
        title,
        status: "fail",
        message: `${name} is ${Table?.TableStatus ?? "unknown"}${Table?.StreamSpecification?.StreamEnabled ? "" : " without its stream"}: no alerts can be published`,
        fix: `redeploy: npx sst deploy --stage ${options.stage}`,
      };
    }
    return { id, title, status: "ok", message: `${name}: active, stream on (${Table.ItemCount ?? 0} items)` };
  } catch (error) {
    return failure(id, title, action, error);
  }
}

async function deadLetters(options: DoctorOptions): Promise<DoctorCheck> {
  const id = "dead-letters";
  const title = "Dead-letter queues";
  if (!options.stage) return { id, title, status: "skip", message: "pass --stage to check the deployed service" };
  let action = "sqs:ListQueues";
  try {
    const { QueueUrls = [] } = await options.clients.sqs.send(
      new ListQueuesCommand({ QueueNamePrefix: physicalPrefix(options, ""), MaxResults: 1000 }),
    );
    const parking = QueueUrls.filter((url) => {
      const queueName = url.split("/").pop() ?? "";
      return PARKING_QUEUES.some((name) => queueName.startsWith(physicalPrefix(options, name)));
    });
    if (parking.length === 0) {
      return { id, title, status: "fail", message: `no Vigil queues for stage ${options.stage} in ${options.region}` };
    }
    action = "sqs:GetQueueAttributes";
    const depths = await Promise.all(
      parking.map(async (url) => {
        const { Attributes } = await options.clients.sqs.send(
          new GetQueueAttributesCommand({ QueueUrl: url, AttributeNames: ["ApproximateNumberOfMessages", "QueueArn"] }),
        );
        return { url, arn: Attributes?.QueueArn, messages: Number(Attributes?.ApproximateNumberOfMessages ?? 0) };
      }),
    );
    const waiting = depths.filter((queue) => queue.messages > 0);
    if (waiting.length === 0) return { id, title, status: "ok", message: `${parking.length} queues, all empty` };
    return {
      id,
      title,
      status: "warn",
      message: waiting.map((queue) => `${queue.url.split("/").pop()}: ${queue.messages} message(s)`).join("; "),
      fix: `inspect them, then redrive: aws sqs start-message-move-task --source-arn ${waiting[0]?.arn ?? "<queue ARN>"}`,
    };
  } catch (error) {
    return failure(id, title, action, error);
  }
}

/** Whether a Vigil secret holds a current value, read from its metadata: doctor never reads a value. */
async function holdsValue(options: DoctorOptions & { stage: string }, name: string): Promise<boolean> {
  const { VersionIdsToStages } = await options.clients.secretsManager.send(
    new DescribeSecretCommand({ SecretId: `${options.app ?? "vigil"}/${options.stage}/${name}` }),
  );
  return Object.values(VersionIdsToStages ?? {}).some((stages) => stages.includes("AWSCURRENT"));
}

async function slackSecrets(options: DoctorOptions): Promise<DoctorCheck> {
  const id = "slack";
  const title = "Slack secrets";
  const { stage } = options;
  if (!stage) return { id, title, status: "skip", message: "no --stage given: no deployment to inspect" };
  const store = (name: string, value: string) =>
    `aws secretsmanager put-secret-value --secret-id ${options.app ?? "vigil"}/${stage}/${name} --secret-string '${value}'`;
  try {
    const [webhook, botToken, signing] = await Promise.all(
      ["SlackWebhookUrl", "SlackBotToken", "SlackSigningSecret"].map((name) => holdsValue({ ...options, stage }, name)),
    );
    if (!webhook && !botToken) {
      return {
        id,
        title,
        status: "warn",
        message: "neither SlackWebhookUrl nor SlackBotToken holds a value: alerts are only logged",
        fix: store("SlackWebhookUrl", "https://hooks.slack.com/services/…"),
      };
    }
    // The deploy refuses routes that leave alerts without a channel, but cannot see whether a bot token is set.
    if (botToken && options.slackRouting && !routesEveryAlert(options.slackRouting)) {
      return {
        id,
        title,
        status: "fail",
        message:
          "SlackBotToken is set, which posts only to channels, and vigil.config.ts names no service.slack.defaultChannel: alerts are dropped",
        fix: `set service.slack.defaultChannel in vigil.config.ts, then npx sst deploy --stage ${stage}`,
      };
    }
    const posting = botToken ? "SlackBotToken" : "SlackWebhookUrl";
    if (!signing) {
      return {
        id,
        title,
        status: "warn",
        message: `${posting} is set; SlackSigningSecret holds no value, so Slack buttons (approvals, exemptions) are refused`,
        fix: store("SlackSigningSecret", "<the Slack app's signing secret>"),
      };
    }
    return { id, title, status: "ok", message: `${posting} and SlackSigningSecret are set` };
  } catch (error) {
    return failure(id, title, "secretsmanager:DescribeSecret", error);
  }
}

/** Runs every check; one that cannot run says why and the others go on. */
export async function runDoctor(options: DoctorOptions): Promise<DoctorCheck[]> {
  const identity = await credentials(options);
  if (identity.status === "fail") return [identity];
  const rest = await Promise.all([
    cloudTrail(options),
    configRecorder(options),
    iamForwarding(options),
    findingsTable(options),
    deadLetters(options),
    slackSecrets(options),
  ]);
  return [identity, ...rest];
}
