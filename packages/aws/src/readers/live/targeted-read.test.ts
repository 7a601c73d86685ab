/**
 * Targeted reads (the event path's) tell what a full read tells: a deleted topic is gone, not a read error; a
 * function's code signing is read by the same per-function calls as a sweep's fallback; its push triggers are
 * found, with the APIs' methods and routes, even where its resource policy names no source or cannot be read.
 */
import {
  GetCodeSigningConfigCommand,
  GetFunctionCodeSigningConfigCommand,
  GetPolicyCommand,
  ListCodeSigningConfigsCommand,
} from "@aws-sdk/client-lambda";
import {
  GetTopicAttributesCommand,
  ListSubscriptionsByTopicCommand,
  ListTagsForResourceCommand,
} from "@aws-sdk/client-sns";
import { type LambdaFunction, unknown } from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readAccount, readTargeted } from "./read-account.ts";
import { FAKE_REGION, type FakeAccount, fakeAccount, fakeArns } from "./testing/fake-account.ts";

let fake: FakeAccount;
beforeEach(() => {
  fake = fakeAccount(3, { dataFlows: true });
});
afterEach(() => fake.restore());

const options = () => ({ region: FAKE_REGION, clients: fake.clients });

function sdkError(name: string, status: number, attempts = 1) {
  return Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status, attempts } });
}

describe("targeted reads: a deleted topic", () => {
  it("is gone when its calls answer NotFound (attributes, subscriptions) and ResourceNotFound (tags)", async () => {
    fake.stubs.sns
      .on(GetTopicAttributesCommand)
      .rejects(sdkError("NotFoundException", 404))
      .on(ListSubscriptionsByTopicCommand)
      .rejects(sdkError("NotFoundException", 404))
      .on(ListTagsForResourceCommand)
      .rejects(sdkError("ResourceNotFoundException", 404));
    const result = await readTargeted({ kind: "sns.topic", arn: fakeArns.topic }, options());
    expect(result).toMatchObject({ resources: [], errors: [] });
    expect(result.subject).toBeUndefined();
  });

  it("is gone when it went while being read: only its tag call answers ResourceNotFound", async () => {
    fake.stubs.sns.on(ListTagsForResourceCommand).rejects(sdkError("ResourceNotFoundException", 404));
    const result = await readTargeted({ kind: "sns.topic", arn: fakeArns.topic }, options());
    expect(result).toMatchObject({ resources: [], errors: [] });
  });

  it("is no answer when a call fails otherwise", async () => {
    fake.stubs.sns.on(ListSubscriptionsByTopicCommand).rejects(sdkError("InternalError", 500, 3));
    const result = await readTargeted({ kind: "sns.topic", arn: fakeArns.topic }, options());
    expect(result.subject).toMatchObject({ subscriptions: unknown("sns:ListSubscriptionsByTopic failed") });
    expect(result.errors.map((e) => e.action)).toEqual(["sns:ListSubscriptionsByTopic"]);
  });
});

describe("targeted reads: code signing", () => {
  const CONFIG = `arn:aws:lambda:${FAKE_REGION}:123456789012:code-signing-config:csc-1`;
  const codeSigningOf = (resources: readonly { arn: string }[], i: number) =>
    (resources.find((r) => r.arn === fakeArns.fn(i)) as LambdaFunction).codeSigning;

  it.each([
    ["read", { UntrustedArtifactOnDeployment: "Enforce" }, "Enforce"],
    ["denied", sdkError("AccessDeniedException", 403), unknown("lambda:GetCodeSigningConfig denied")],
  ])(
    "reads a function's as a sweep's per-function fallback does: its configuration %s",
    async (_, config, untrusted) => {
      fake.stubs.lambda
        .on(ListCodeSigningConfigsCommand)
        .rejects(sdkError("AccessDeniedException", 403))
        .on(GetFunctionCodeSigningConfigCommand)
        .callsFake((input: { FunctionName?: string }) => {
          if (input.FunctionName?.endsWith("fn-2")) throw sdkError("ThrottlingException", 400, 6);
          return input.FunctionName?.endsWith("fn-1") ? {} : { CodeSigningConfigArn: CONFIG };
        })
        .on(GetCodeSigningConfigCommand)
        .callsFake(() => {
          if (config instanceof Error) throw config;
          return { CodeSigningConfig: { CodeSigningPolicies: config } };
        });
      const swept = (await readAccount(options())).resources;
      const targeted = await Promise.all(
        [0, 1, 2].map(async (i) => {
          const result = await readTargeted({ kind: "lambda.function", arn: fakeArns.fn(i) }, options());
          return codeSigningOf(result.resources, i);
        }),
      );
      const expected = [
        { configArn: CONFIG, untrustedArtifactOnDeployment: untrusted },
        undefined,
        unknown("lambda:GetFunctionCodeSigningConfig throttled"),
      ];
      expect(targeted).toEqual(expected);
      expect([0, 1, 2].map((i) => codeSigningOf(swept, i))).toEqual(expected);
    },
  );
});

describe("targeted reads: a function's push triggers", () => {
  const triggerArns = async () => {
    const result = await readTargeted({ kind: "lambda.function", arn: fakeArns.fn(0) }, options());
    return { result, arns: result.resources.map((r) => r.arn) };
  };

  it("where its resource policy cannot be read, are found by sweeping every kind that may push to it", async () => {
    fake.stubs.lambda.on(GetPolicyCommand).rejects(sdkError("AccessDeniedException", 403));
    const { result, arns } = await triggerArns();
    expect(arns).toEqual(expect.arrayContaining([fakeArns.bucket, fakeArns.topic, fakeArns.rule]));
    expect(result.resources.some((r) => r.kind === "apigateway.method")).toBe(true);
    expect(result.resources.some((r) => r.kind === "apigatewayv2.route")).toBe(true);
    expect(result.coverage).toMatchObject({ scope: "neighbourhood", gaps: new Map() });
    expect(result.errors.map((e) => `${e.action} ${e.kind}`)).toEqual(["lambda:GetPolicy access-denied"]);
  });

  it("where a permission names no API, come with the APIs' methods and routes, which hold the integrations", async () => {
    const anyApi = {
      Sid: "any-api",
      Effect: "Allow",
      Principal: { Service: "apigateway.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: fakeArns.fn(0),
    };
    fake.stubs.lambda
      .on(GetPolicyCommand)
      .resolves({ Policy: JSON.stringify({ Version: "2012-10-17", Statement: [anyApi] }) });
    const { result } = await triggerArns();
    const kinds = new Set(result.resources.map((r) => r.kind));
    for (const kind of ["apigateway.rest-api", "apigateway.method", "apigatewayv2.api", "apigatewayv2.route"]) {
      expect(kinds, kind).toContain(kind);
    }
  });
});
