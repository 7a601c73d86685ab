import type { Resource, RestApiMethod, RestApiStage } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readPulumiResources } from "./index.ts";
import { ACCOUNT, lambdaFunction, REGION, registered } from "./testing.ts";

const API_ID = "a1b2c3d4e5";
const API_ARN = `arn:aws:apigateway:${REGION}::/restapis/${API_ID}`;
const handler = lambdaFunction("Orders");
const WEB_ACL = `arn:aws:wafv2:${REGION}:${ACCOUNT}:regional/webacl/api/1`;

/** A REST API built with `aws.apigateway.*` resources: `GET /orders` on a function, one stage, one usage plan. */
const states = [
  handler,
  registered(
    "aws:apigateway/restApi:RestApi",
    "Api",
    { name: "orders", endpointConfiguration: { types: ["REGIONAL"] } },
    { arn: API_ARN, id: API_ID, rootResourceId: "root01", name: "orders" },
  ),
  registered(
    "aws:apigateway/resource:Resource",
    "Orders",
    { restApi: API_ID, parentId: "root01", pathPart: "orders" },
    { id: "res01", path: "/orders" },
  ),
  registered("aws:apigateway/method:Method", "GetOrders", {
    restApi: API_ID,
    resourceId: "res01",
    httpMethod: "GET",
    authorization: "COGNITO_USER_POOLS",
    requestValidatorId: "val01",
  }),
  registered("aws:apigateway/method:Method", "RootAny", {
    restApi: API_ID,
    resourceId: "root01",
    httpMethod: "ANY",
    authorization: "NONE",
  }),
  registered("aws:apigateway/integration:Integration", "GetOrdersIntegration", {
    restApi: API_ID,
    resourceId: "res01",
    httpMethod: "GET",
    type: "AWS_PROXY",
    uri: handler.outputs.invokeArn,
  }),
  registered("aws:apigateway/integrationResponse:IntegrationResponse", "RootAnyResponse", {
    restApi: API_ID,
    resourceId: "root01",
    httpMethod: "ANY",
    statusCode: "200",
    responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" },
  }),
  registered(
    "aws:apigateway/requestValidator:RequestValidator",
    "Validator",
    { restApi: API_ID, validateRequestBody: true },
    { id: "val01" },
  ),
  registered(
    "aws:apigateway/stage:Stage",
    "Prod",
    { restApi: API_ID, stageName: "prod", deployment: "dep01", xrayTracingEnabled: true, variables: { mode: "live" } },
    { arn: `${API_ARN}/stages/prod` },
  ),
  registered("aws:apigateway/methodSettings:MethodSettings", "ProdSettings", {
    restApi: API_ID,
    stageName: "prod",
    methodPath: "*/*",
    settings: { throttlingBurstLimit: 100, throttlingRateLimit: 50, loggingLevel: "ERROR", metricsEnabled: true },
  }),
  registered("aws:wafv2/webAclAssociation:WebAclAssociation", "ProdWaf", {
    resourceArn: `${API_ARN}/stages/prod`,
    webAclArn: WEB_ACL,
  }),
  registered(
    "aws:apigateway/usagePlan:UsagePlan",
    "Plan",
    {
      apiStages: [{ apiId: API_ID, stage: "prod" }],
      throttleSettings: { burstLimit: 20, rateLimit: 10 },
      quotaSettings: { limit: 1000, period: "DAY" },
    },
    { arn: `arn:aws:apigateway:${REGION}::/usageplans/plan01`, name: "Plan" },
  ),
];

const ofKind = <K extends Resource["kind"]>(resources: Resource[], kind: K) =>
  resources.filter((r): r is Extract<Resource, { kind: K }> => r.kind === kind);

describe("Pulumi reader: REST APIs", () => {
  it("reads the API, its methods with their paths and functions, its stage settings and WAF, and usage plans", () => {
    const read = readPulumiResources(states);
    expect(ofKind(read, "apigateway.rest-api")).toEqual([
      expect.objectContaining({
        id: API_ARN,
        endpointTypes: ["REGIONAL"],
        policy: { statements: [] },
        requestValidators: [{ id: "val01", validateBody: true, validateParameters: false }],
      }),
    ]);
    expect(ofKind(read, "apigateway.method")).toEqual([
      expect.objectContaining({
        id: `${API_ARN}/resources/res01/methods/GET`,
        path: "/orders",
        httpMethod: "GET",
        authorizationType: "COGNITO_USER_POOLS",
        apiKeyRequired: false,
        requestValidatorId: "val01",
        integrationFunctionArn: String(handler.outputs.arn),
      } satisfies Partial<RestApiMethod>),
      expect.objectContaining({ path: "/", httpMethod: "ANY", authorizationType: "NONE", corsAllowOrigin: "*" }),
    ]);
    expect(ofKind(read, "apigateway.method")[1]!.integrationFunctionArn).toBeUndefined();
    expect(ofKind(read, "apigateway.method")[0]!.corsAllowOrigin).toBeUndefined();
    expect(ofKind(read, "apigateway.stage")).toEqual([
      expect.objectContaining({
        id: `${API_ARN}/stages/prod`,
        restApiArn: API_ARN,
        methodSettings: [
          {
            resourcePath: "/*",
            httpMethod: "*",
            burstLimit: 100,
            rateLimit: 50,
            loggingLevel: "ERROR",
            metricsEnabled: true,
          },
        ],
        webAclArn: WEB_ACL,
        tracing: true,
        variables: [{ name: "mode", value: "live" }],
      } satisfies Partial<RestApiStage>),
    ]);
    expect(ofKind(read, "apigateway.usage-plan")).toEqual([
      expect.objectContaining({
        apiStages: [{ restApiArn: API_ARN, stageName: "prod" }],
        throttle: { burstLimit: 20, rateLimit: 10 },
        quota: { limit: 1000, period: "DAY" },
      }),
    ]);
  });
});
