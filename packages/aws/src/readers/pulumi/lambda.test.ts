import { isUnknown, type LambdaFunction, type PolicyDocument } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readPulumiResources } from "./index.ts";
import { ACCOUNT, lambdaFunction, REGION, registered } from "./testing.ts";

const fn = lambdaFunction("Admin");
const FUNCTION_NAME = String(fn.outputs.name);
const FUNCTION_ARN = String(fn.outputs.arn);

const read = (...extra: ReturnType<typeof registered>[]) =>
  readPulumiResources([fn, ...extra]).find((r): r is LambdaFunction => r.kind === "lambda.function")!;

const url = (inputs: Record<string, unknown>) =>
  registered(
    "aws:lambda/functionUrl:FunctionUrl",
    "AdminUrl",
    { functionName: FUNCTION_NAME, ...inputs },
    { functionUrl: "https://abc.lambda-url.us-east-1.on.aws/", urlId: "abc" },
  );

const permission = (name: string, inputs: Record<string, unknown>) =>
  registered("aws:lambda/permission:Permission", name, {
    action: "lambda:InvokeFunction",
    function: FUNCTION_NAME,
    ...inputs,
  });

const statements = (f: LambdaFunction) => (f.policy as PolicyDocument).statements;

describe("Pulumi reader: function URLs", () => {
  it("reads a URL's auth type, invoke mode and CORS, as SST writes a public URL", () => {
    const read1 = read(
      url({
        authorizationType: "NONE",
        invokeMode: "RESPONSE_STREAM",
        cors: { allowHeaders: ["*"], allowMethods: ["*"], allowOrigins: ["*"], allowCredentials: true },
      }),
    );
    expect(read1.url).toEqual({
      authType: "NONE",
      invokeMode: "RESPONSE_STREAM",
      cors: { allowOrigins: ["*"], allowMethods: ["*"], allowCredentials: true },
    });
  });

  it("applies Lambda's defaults (BUFFERED, no credentials) and finds the URL when it names the function by ARN", () => {
    const read1 = read(
      url({
        functionName: FUNCTION_ARN,
        authorizationType: "AWS_IAM",
        cors: { allowOrigins: ["https://app.example.com"] },
      }),
    );
    expect(read1.url).toEqual({
      authType: "AWS_IAM",
      invokeMode: "BUFFERED",
      cors: { allowOrigins: ["https://app.example.com"], allowMethods: [], allowCredentials: false },
    });
  });

  it("reads no URL when the stack has no FunctionUrl for the function, and no CORS when the URL has none", () => {
    expect(read().url).toBeUndefined();
    expect(read(url({ authorizationType: "AWS_IAM" })).url).toEqual({ authType: "AWS_IAM", invokeMode: "BUFFERED" });
    const other = url({ functionName: "someone-else", authorizationType: "NONE" });
    expect(read(other).url).toBeUndefined();
  });
});

describe("Pulumi reader: permissions → resource policy", () => {
  it("writes every condition input as Lambda writes it into the policy", () => {
    const [viaUrl, urlAuth, org, alexa, bucket] = statements(
      read(
        permission("AdminInvokeViaUrl", { principal: "*", invokedViaFunctionUrl: true }),
        permission("AdminPublicUrl", {
          action: "lambda:InvokeFunctionUrl",
          principal: "*",
          functionUrlAuthType: "NONE",
        }),
        permission("AdminOrg", { principal: "*", principalOrgId: "o-a1b2c3d4e5" }),
        permission("AdminAlexa", { principal: "alexa-appkit.amazon.com", eventSourceToken: "amzn1.ask.skill.1" }),
        permission("AdminFromBucket", {
          principal: "s3.amazonaws.com",
          sourceArn: "arn:aws:s3:::app-uploads",
          sourceAccount: ACCOUNT,
          statementId: "AllowS3",
        }),
      ),
    );
    const conditions = (s: typeof viaUrl) => s!.conditions.map((c) => [c.operator, c.key, c.values]);
    expect(conditions(viaUrl)).toEqual([["Bool", "lambda:invokedviafunctionurl", ["true"]]]);
    expect(conditions(urlAuth)).toEqual([["StringEquals", "lambda:functionurlauthtype", ["NONE"]]]);
    expect(conditions(org)).toEqual([["StringEquals", "aws:principalorgid", ["o-a1b2c3d4e5"]]]);
    expect(conditions(alexa)).toEqual([["StringEquals", "lambda:eventsourcetoken", ["amzn1.ask.skill.1"]]]);
    expect(conditions(bucket)).toEqual([
      ["ArnLike", "aws:sourcearn", ["arn:aws:s3:::app-uploads"]],
      ["StringEquals", "aws:sourceaccount", [ACCOUNT]],
    ]);
    expect(bucket).toMatchObject({ sid: "AllowS3", principal: { principals: { service: ["s3.amazonaws.com"] } } });
    expect(viaUrl).toMatchObject({ sid: "AdminInvokeViaUrl", principal: { principals: { anyone: true } } });
    expect(urlAuth!.action.values).toEqual(["lambda:InvokeFunctionUrl"]);
  });

  it("reads a grant to another account without a condition as it is", () => {
    const [grant] = statements(read(permission("Partner", { principal: "210987654321" })));
    expect(grant).toMatchObject({ conditions: [], principal: { principals: { aws: ["210987654321"] } } });
  });

  it("keeps the function's policy empty without permissions, and only this function's permissions", () => {
    expect(statements(read())).toEqual([]);
    expect(statements(read(permission("Other", { function: "someone-else", principal: "*" })))).toEqual([]);
  });
});

describe("Pulumi reader: functions", () => {
  it("reads recursion, description and code signing from the resources that hold them", () => {
    const signing = registered(
      "aws:lambda/codeSigningConfig:CodeSigningConfig",
      "Signing",
      { allowedPublishers: { signingProfileVersionArns: [] }, policies: { untrustedArtifactOnDeployment: "Enforce" } },
      { arn: `arn:aws:lambda:${REGION}:${ACCOUNT}:code-signing-config:csc-1` },
    );
    const signed = lambdaFunction("Signed", { codeSigningConfigArn: signing.outputs.arn, description: "signed" });
    const [read1] = readPulumiResources([
      signed,
      signing,
      registered("aws:lambda/functionRecursionConfig:FunctionRecursionConfig", "Loop", {
        functionName: signed.outputs.name,
        recursiveLoop: "Allow",
      }),
    ]) as [LambdaFunction];
    expect(read1).toMatchObject({
      recursiveLoop: "Allow",
      description: "signed",
      codeSigning: { configArn: signing.outputs.arn, untrustedArtifactOnDeployment: "Enforce" },
    });
    const outside = readPulumiResources([lambdaFunction("Other", { codeSigningConfigArn: "arn:x" })]) as [
      LambdaFunction,
    ];
    expect(
      isUnknown((outside[0].codeSigning as { untrustedArtifactOnDeployment: unknown }).untrustedArtifactOnDeployment),
    ).toBe(true);
    expect(outside[0]).toMatchObject({ recursiveLoop: "Terminate", description: "" });
  });
});
