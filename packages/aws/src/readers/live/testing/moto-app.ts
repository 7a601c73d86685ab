/**
 * A serverless app of every kind moto implements that rules apply to, created through the SDK as a deployment
 * would, with problems planted for the rules to find: functions with roles, managed and inline policies, URLs,
 * invoke permissions and event-source mappings (SQS, a DynamoDB stream); a bucket notifying a function; a topic
 * with a function subscribed; queues with and without a dead-letter queue; tables; an EventBridge rule; a REST API
 * with a stage and a usage plan, an HTTP API with a route and a stage; a user pool with a weak password policy, MFA
 * off, a mutable custom role and a client that takes plain passwords.
 */
import * as cognito from "@aws-sdk/client-cognito-identity-provider";
import * as ddb from "@aws-sdk/client-dynamodb";
import * as iam from "@aws-sdk/client-iam";
import * as sqs from "@aws-sdk/client-sqs";
import { createClients, type LiveClients } from "../clients.ts";
import { seedApis } from "./moto-app-apis.ts";
import { json, LAMBDA_TRUST, type MotoAppArns, motoAppArns, policyDocument } from "./moto-app-arns.ts";
import { seedFunctions, seedTriggers } from "./moto-app-functions.ts";
import { MOTO_CREDENTIALS } from "./seed.ts";

export { type MotoAppArns, motoAppArns } from "./moto-app-arns.ts";
export { allowInvoke } from "./moto-app-functions.ts";

/** What {@link seedServerlessApp} created that ARNs alone do not name. */
export interface MotoApp {
  readonly region: string;
  readonly clients: LiveClients;
  readonly arns: MotoAppArns;
  readonly restApiId: string;
  readonly httpApiId: string;
  /** Queue URLs by name, as moto spells them. */
  readonly queueUrls: Readonly<Record<string, string>>;
}

/** Seeds the app into `region` of the moto server at `endpoint`. */
export async function seedServerlessApp(endpoint: string, region: string): Promise<MotoApp> {
  const clients = createClients({ region, endpoint, credentials: MOTO_CREDENTIALS });
  const arns = motoAppArns(region);
  await seedRoles(clients, arns);
  const queueUrls = await seedQueues(clients, arns);
  await seedTables(clients);
  await seedFunctions(clients, arns);
  await seedTriggers(clients, arns);
  const { restApiId, httpApiId } = await seedApis(clients, arns, region);
  await seedUserPool(clients);
  return { region, clients, arns, restApiId, httpApiId, queueUrls };
}

async function seedRoles({ iam: client }: LiveClients, arns: MotoAppArns): Promise<void> {
  const role = (RoleName: string, trust = LAMBDA_TRUST, Path = "/") =>
    client.send(new iam.CreateRoleCommand({ RoleName, Path, AssumeRolePolicyDocument: trust }));
  const attach = (RoleName: string, PolicyArn: string) =>
    client.send(new iam.AttachRolePolicyCommand({ RoleName, PolicyArn }));
  const inline = (RoleName: string, PolicyName: string, PolicyDocument: string) =>
    client.send(new iam.PutRolePolicyCommand({ RoleName, PolicyName, PolicyDocument }));

  // A function role under a path, scoped but for an inline write to the orders table.
  await role("api-role", LAMBDA_TRUST, "/service-role/");
  await attach("api-role", arns.basicExecution);
  await inline(
    "api-role",
    "orders-write",
    policyDocument({ Effect: "Allow", Action: "dynamodb:PutItem", Resource: arns.table("orders") }),
  );
  // Service wildcards through a customer managed policy.
  await role("worker-role");
  await client.send(
    new iam.CreatePolicyCommand({
      PolicyName: "worker-data",
      PolicyDocument: policyDocument(
        { Effect: "Allow", Action: "sqs:*", Resource: "*" },
        { Effect: "Allow", Action: ["dynamodb:GetRecords", "dynamodb:GetShardIterator"], Resource: "*" },
      ),
    }),
  );
  await attach("worker-role", arns.policy("worker-data"));
  // Administrator, shared by two functions.
  await role("admin-role");
  await attach("admin-role", arns.admin);
  // A broad AWS-managed policy (action wildcards on every resource), and an action IAM does not have.
  await attach("admin-role", "arn:aws:iam::aws:policy/ReadOnlyAccess");
  await inline(
    "admin-role",
    "typo",
    policyDocument({ Effect: "Allow", Action: "dynamodb:GetItems", Resource: arns.table("orders") }),
  );
  // Privilege escalation: pass any role to a function it creates.
  await role("deployer-role");
  await inline(
    "deployer-role",
    "deploy",
    policyDocument({ Effect: "Allow", Action: ["iam:PassRole", "lambda:CreateFunction"], Resource: "*" }),
  );
  // A function role no function uses, and a role anyone may assume.
  await role("unused-role");
  await role("open-role", policyDocument({ Effect: "Allow", Principal: { AWS: "*" }, Action: "sts:AssumeRole" }));
}

async function seedQueues({ sqs: client }: LiveClients, arns: MotoAppArns): Promise<Record<string, string>> {
  const queue = async (QueueName: string, Attributes: Record<string, string> = {}) =>
    (await client.send(new sqs.CreateQueueCommand({ QueueName, Attributes }))).QueueUrl ?? "";
  return {
    // Unencrypted, no dead-letter queue, visibility (30 s) below its consumer's timeout.
    jobs: await queue("jobs", { SqsManagedSseEnabled: "false" }),
    "tasks-dlq": await queue("tasks-dlq"),
    tasks: await queue("tasks", {
      VisibilityTimeout: "120",
      RedrivePolicy: json({ deadLetterTargetArn: arns.queue("tasks-dlq"), maxReceiveCount: "5" }),
    }),
    // Anyone may send.
    inbox: await queue("inbox", {
      Policy: policyDocument({
        Effect: "Allow",
        Principal: "*",
        Action: "sqs:SendMessage",
        Resource: arns.queue("inbox"),
      }),
    }),
  };
}

async function seedTables({ dynamodb: client }: LiveClients): Promise<void> {
  const key = {
    BillingMode: "PAY_PER_REQUEST" as const,
    AttributeDefinitions: [{ AttributeName: "pk", AttributeType: "S" as const }],
    KeySchema: [{ AttributeName: "pk", KeyType: "HASH" as const }],
  };
  // Sensitive, without point-in-time recovery or deletion protection.
  await client.send(
    new ddb.CreateTableCommand({ TableName: "orders", ...key, Tags: [{ Key: "vigil:sensitive", Value: "true" }] }),
  );
  // Protected, with a stream a function polls.
  await client.send(
    new ddb.CreateTableCommand({
      TableName: "ledger",
      ...key,
      DeletionProtectionEnabled: true,
      StreamSpecification: { StreamEnabled: true, StreamViewType: "NEW_IMAGE" },
    }),
  );
  await client.send(
    new ddb.UpdateContinuousBackupsCommand({
      TableName: "ledger",
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
    }),
  );
}

async function seedUserPool({ cognito: client }: LiveClients): Promise<void> {
  const created = await client.send(
    new cognito.CreateUserPoolCommand({
      PoolName: "staff",
      MfaConfiguration: "OFF",
      Policies: { PasswordPolicy: { MinimumLength: 6, RequireLowercase: true } },
      Schema: [{ Name: "role", AttributeDataType: "String", Mutable: true }],
    }),
  );
  // No WriteAttributes: users may write custom:role themselves.
  await client.send(
    new cognito.CreateUserPoolClientCommand({
      UserPoolId: created.UserPool?.Id,
      ClientName: "admin-console",
      ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
    }),
  );
}
