/**
 * Every kind a rule applies to reaches the evaluator both ways the service learns of resources: the sweep enqueues
 * it (an API for its stages, methods and routes), and a change to it arrives as an event that names it. The kinds
 * come from the catalogue, so a rule on a new kind fails here until the inventory reads it and the event mapping
 * maps a change to it. Events name resources of the live-shaped account, so the refs they give must be the ARNs
 * the live readers build: the evaluator looks the resource up by that ARN.
 */
import { type LiveReadResult, readAccount } from "@vigil/aws";
import { ModelAccount } from "@vigil/aws/local";
import { liveArns, liveShapedAccount, UNLIMITED_RATES } from "@vigil/aws/testing";
import {
  CONFIG_RESOURCE_TYPES,
  type Resource,
  type ResourceKind,
  type ResourceRef,
  RULES,
  refsForEvent,
  wholeKindOf,
} from "@vigil/core";
import { ACCOUNT, apiCallEvent, arns, configChangeEvent, REGION } from "@vigil/core/testing";
import { beforeAll, describe, expect, it } from "vitest";
import { sweepMessages } from "./handler.ts";

const RULE_KINDS: readonly ResourceKind[] = [...new Set(RULES.flatMap((rule) => rule.kinds))];

const call = (service: string, name: string, requestParameters: Record<string, unknown>, response?: object) =>
  apiCallEvent(`${service}.amazonaws.com`, name, {
    region: REGION,
    requestParameters,
    ...(response && { responseElements: { ...response } }),
  });

const MAPPING_ID = "6f1c2d3e-4a5b-4c6d-8e9f-0a1b2c3d4e5f";

/** One recorded change per kind of the live-shaped account, as CloudTrail reports it. */
const API_CALLS = [
  call("lambda", "UpdateFunctionConfiguration20150331v2", { functionName: "orders", timeout: 30 }),
  call("lambda", "UpdateEventSourceMapping20150331", { uUID: MAPPING_ID }, { uUID: MAPPING_ID }),
  // A role without a path: from a role name alone the mapping cannot know the path (the reader reads by name).
  call("iam", "PutRolePolicy", { roleName: "worker-role", policyName: "inline", policyDocument: "{}" }),
  call("iam", "SetDefaultPolicyVersion", { policyArn: liveArns.dataPolicy, versionId: "v2" }),
  call("apigateway", "UpdateRestApi", { restApiId: "a1b2c3d4e5", patchOperations: [] }),
  call("apigateway", "UpdateStage", { restApiId: "a1b2c3d4e5", stageName: "prod", patchOperations: [] }),
  call("apigateway", "UpdateMethod", { restApiId: "a1b2c3d4e5", resourceId: "orders", httpMethod: "GET" }),
  call("apigateway", "UpdateUsagePlan", { usagePlanId: "k9l8m7", patchOperations: [] }),
  call("apigateway", "UpdateApi", { apiId: "h1t2t3p4", corsConfiguration: {} }),
  call("apigateway", "UpdateStage", { apiId: "h1t2t3p4", stageName: "$default" }),
  call("apigateway", "UpdateRoute", { apiId: "h1t2t3p4", routeId: "GETorders", authorizationType: "NONE" }),
  call("s3", "PutBucketPolicy", { bucketName: "uploads", bucketPolicy: {} }),
  call("sqs", "SetQueueAttributes", { queueUrl: `https://sqs.${REGION}.amazonaws.com/${ACCOUNT}/jobs` }),
  call("sns", "SetTopicAttributes", { topicArn: arns.topic("events"), attributeName: "Policy" }),
  call("dynamodb", "UpdateTable", { tableName: "orders", deletionProtectionEnabled: false }),
  call("events", "PutRule", { name: "nightly", scheduleExpression: "rate(1 day)" }),
  call("cognito-idp", "UpdateUserPool", { userPoolId: "us-east-1_Staff1234", mfaConfiguration: "OFF" }),
];

const CONFIG_TYPE_OF = new Map(Object.entries(CONFIG_RESOURCE_TYPES).map(([type, kind]) => [kind, type]));

/** A Config item change for every resource of a type AWS Config records. */
function configChanges(resources: readonly Resource[]) {
  return resources.flatMap((resource) => {
    const resourceType = CONFIG_TYPE_OF.get(resource.kind as never);
    if (!resourceType) return [];
    const region = resource.arn.split(":")[3] || "global";
    return [configChangeEvent({ resourceType, resourceId: resource.id, ARN: resource.arn, awsRegion: region })];
  });
}

describe("every kind a rule applies to is swept and mapped from events", () => {
  /** The inventory the sweep reads: the live-shaped account (every kind of the model) through the live readers. */
  let read: LiveReadResult;
  beforeAll(async () => {
    const account = new ModelAccount({ account: ACCOUNT, region: REGION, resources: liveShapedAccount() });
    read = await readAccount({ region: REGION, clients: (r) => account.clients(r), rates: UNLIMITED_RATES });
    expect(read.errors).toEqual([]);
  });

  it("derives the kinds from the catalogue", () => {
    expect(RULE_KINDS.length).toBeGreaterThan(0);
  });

  it.each(RULE_KINDS)("the sweep enqueues %s (as the resource it is read with)", (kind) => {
    const swept = new Set(sweepMessages(read, new Date()).map((message) => `${message.kind} ${message.arn}`));
    const ofKind = read.resources.filter((resource) => resource.kind === kind);
    expect(ofKind.length, `the inventory reads no ${kind}`).toBeGreaterThan(0);
    const readWith = (resource: Resource) => {
      const whole = wholeKindOf(resource.kind);
      if (whole === resource.kind) return `${whole} ${resource.arn}`;
      // A part's ARN extends its API's.
      const api = read.resources.find((r) => r.kind === whole && resource.arn.startsWith(`${r.arn}/`));
      return `${whole} ${api?.arn}`;
    };
    expect(ofKind.map(readWith).filter((ref) => !swept.has(ref))).toEqual([]);
  });

  it.each(RULE_KINDS)("some CloudTrail event or Config change names %s by the ARN the readers build", (kind) => {
    const refs: ResourceRef[] = [...API_CALLS, ...configChanges(read.resources)].flatMap((event) => {
      const result = refsForEvent(event);
      expect(result, JSON.stringify(event.detail)).not.toHaveProperty("rejected");
      return [...result.refs];
    });
    const named = refs.filter((ref) => ref.kind === kind);
    expect(named.length, `no event maps to ${kind}`).toBeGreaterThan(0);
    const held = new Set(read.resources.map((resource) => resource.arn));
    expect(
      named.some((ref) => held.has(ref.arn)),
      `${named.map((r) => r.arn).join(", ")}: not the ARN the readers give`,
    ).toBe(true);
  });
});
