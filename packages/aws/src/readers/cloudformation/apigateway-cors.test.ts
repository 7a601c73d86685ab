import { spawnSync } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type RestApiMethod, unknown } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readTemplates } from "./index.ts";
import { FIXTURES, pythonModuleAvailable, requireOracle } from "./testing.ts";

async function scratch(name: string, text: string): Promise<string> {
  const file = join(await mkdtemp(join(tmpdir(), "vigil-cors-")), name);
  await writeFile(file, text);
  return file;
}

/** Each method's CORS origin, by its name (`OPTIONS /orders`); methods setting none are left out. */
async function originsOf(file: string): Promise<Record<string, unknown>> {
  const read = await readTemplates([file]);
  expect(read.errors).toEqual([]);
  const methods = read.resources.filter((r): r is RestApiMethod => r.kind === "apigateway.method");
  return Object.fromEntries(
    methods.filter((m) => m.corsAllowOrigin !== undefined).map((m) => [`${m.restApiArn} ${m.name}`, m.corsAllowOrigin]),
  );
}

const PLAIN = `
AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Origin:
    Type: String
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: orders
  Preflight:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: OPTIONS
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: "'*'"
              method.response.header.Access-Control-Allow-Methods: "'GET,OPTIONS'"
  Echo:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: HTTP
        Uri: https://example.com/orders
        IntegrationHttpMethod: GET
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: method.request.header.Origin
  Parameterised:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref Orders
      HttpMethod: POST
      AuthorizationType: NONE
      Integration:
        Type: MOCK
        IntegrationResponses:
          - StatusCode: "200"
            ResponseParameters:
              method.response.header.Access-Control-Allow-Origin: !Ref Origin
  Proxy:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/arn:aws:lambda:us-east-1:123456789012:function:f/invocations
`;

const SAM = `
AWSTemplateFormatVersion: "2010-09-09"
Transform: AWS::Serverless-2016-10-31
Resources:
  OrdersApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors: "'*'"
      Auth:
        DefaultAuthorizer: AWS_IAM
  SiteApi:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Cors:
        AllowOrigin: "'https://app.example.com'"
        AllowMethods: "'GET,POST'"
        AllowCredentials: true
  OrdersFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      CodeUri: s3://artifacts/orders.zip
      Events:
        List:
          Type: Api
          Properties:
            RestApiId: !Ref OrdersApi
            Path: /orders
            Method: GET
        Submit:
          Type: Api
          Properties:
            RestApiId: !Ref SiteApi
            Path: /items
            Method: POST
`;

describe("REST API CORS from templates", () => {
  it("reads the origin of integration responses: a literal unquoted, an echoed Origin, a parameter unknown", async () => {
    const origins = await originsOf(await scratch("template.yaml", PLAIN));
    expect(Object.values(origins)).toEqual([
      "*",
      "method.request.header.Origin",
      unknown("Ref Origin: parameter without a value"),
    ]);
    expect(Object.keys(origins).map((key) => key.split(" ").slice(1).join(" "))).toEqual([
      "OPTIONS /orders",
      "GET /orders",
      "POST /orders",
    ]);
  });

  it("expands SAM's Cors into a preflight on every path, the default authorizer on it, as SAM does", async () => {
    const file = await scratch("template.yaml", SAM);
    const read = await readTemplates([file]);
    const preflights = read.resources.filter(
      (r): r is RestApiMethod => r.kind === "apigateway.method" && r.httpMethod === "OPTIONS",
    );
    expect(preflights.map((m) => [m.name, m.corsAllowOrigin, m.authorizationType])).toEqual([
      ["OPTIONS /orders", "*", "AWS_IAM"],
      ["OPTIONS /items", "https://app.example.com", "NONE"],
    ]);
  });

  it("yields the methods the official SAM translator's expansion yields", async (context) => {
    requireOracle(pythonModuleAvailable("samtranslator"), "aws-sam-translator (python3)", (note) => context.skip(note));
    const file = await scratch("template.yaml", SAM);
    const translated = spawnSync("python3", [join(FIXTURES, "sam-translate.py"), file], { encoding: "utf8" });
    expect(translated.stderr).toBe("");
    const official = await readTemplates([await scratch("translated.json", translated.stdout)]);
    const ours = await readTemplates([file]);
    const methods = (resources: typeof ours.resources) =>
      resources
        .filter((r): r is RestApiMethod => r.kind === "apigateway.method")
        .map((m) => [m.id, m.authorizationType, m.corsAllowOrigin ?? null])
        .sort();
    expect(methods(ours.resources)).toEqual(methods(official.resources));
  });
});
