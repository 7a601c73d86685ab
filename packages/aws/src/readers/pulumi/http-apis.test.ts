import { type HttpApiRoute, type HttpApiStage, isUnknown, type Resource } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { readPulumiResources } from "./index.ts";
import { ACCOUNT, failures, lambdaFunction, REGION, registered } from "./testing.ts";

const API_ID = "08b1e27d";
const API_ARN = `arn:aws:apigateway:${REGION}::/apis/${API_ID}`;
const handler = lambdaFunction("NotesHandler");

/** What `sst.aws.ApiGatewayV2` registers for one `api.route("POST /notes", handler, { auth: { jwt } })`. */
const api = registered(
  "aws:apigatewayv2/api:Api",
  "ApiApi",
  {
    name: "app-production-ApiApi-abcdefgh",
    protocolType: "HTTP",
    corsConfiguration: {
      allowHeaders: ["authorization"],
      allowMethods: ["*"],
      allowOrigins: ["https://notes.example.com"],
    },
  },
  {
    arn: API_ARN,
    id: API_ID,
    name: "app-production-ApiApi-abcdefgh",
    executionArn: `arn:aws:execute-api:${REGION}:${ACCOUNT}:${API_ID}`,
  },
);
const stage = registered(
  "aws:apigatewayv2/stage:Stage",
  "ApiStage",
  {
    apiId: API_ID,
    autoDeploy: true,
    name: "$default",
    accessLogSettings: {
      destinationArn: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/apis/app`,
      format: "{}",
    },
    defaultRouteSettings: { throttlingBurstLimit: 200, throttlingRateLimit: 100 },
    routeSettings: [{ routeKey: "POST /notes", throttlingBurstLimit: 10 }],
  },
  { id: "$default" },
);
const integration = registered(
  "aws:apigatewayv2/integration:Integration",
  "ApiRouteNotesIntegration",
  { apiId: API_ID, integrationType: "AWS_PROXY", integrationUri: handler.outputs.arn, payloadFormatVersion: "2.0" },
  { id: "abc1234" },
);
const route = (inputs: Record<string, unknown>, id = "r0ute01") =>
  registered(
    "aws:apigatewayv2/route:Route",
    `ApiRoute${id}`,
    { apiId: API_ID, routeKey: "POST /notes", target: "integrations/abc1234", ...inputs },
    { id },
  );

const ofKind = <K extends Resource["kind"]>(resources: Resource[], kind: K) =>
  resources.filter((r): r is Extract<Resource, { kind: K }> => r.kind === kind);

describe("Pulumi reader: HTTP APIs", () => {
  it("reads the API, its stage and a JWT route joined to its function through the integration", () => {
    const read = readPulumiResources([
      handler,
      api,
      stage,
      integration,
      route({ authorizationType: "JWT", authorizerId: "jwt-auth" }),
    ]);
    expect(ofKind(read, "apigatewayv2.api")).toEqual([
      expect.objectContaining({
        id: API_ARN,
        name: "app-production-ApiApi-abcdefgh",
        protocolType: "HTTP",
        cors: { allowOrigins: ["https://notes.example.com"], allowCredentials: false },
        disableExecuteApiEndpoint: false,
      }),
    ]);
    expect(ofKind(read, "apigatewayv2.stage")).toEqual([
      expect.objectContaining({
        id: `${API_ARN}/stages/$default`,
        apiArn: API_ARN,
        stageName: "$default",
        defaultRouteThrottle: { burstLimit: 200, rateLimit: 100 },
        routeThrottles: [{ routeKey: "POST /notes", burstLimit: 10 }],
        accessLogDestination: `arn:aws:logs:${REGION}:${ACCOUNT}:log-group:/aws/vendedlogs/apis/app`,
        variables: [],
      } satisfies Partial<HttpApiStage>),
    ]);
    expect(ofKind(read, "apigatewayv2.route")).toEqual([
      expect.objectContaining({
        id: `${API_ARN}/routes/r0ute01`,
        apiArn: API_ARN,
        routeKey: "POST /notes",
        authorizationType: "JWT",
        authorizerId: "jwt-auth",
        integrationFunctionArn: String(handler.outputs.arn),
      } satisfies Partial<HttpApiRoute>),
    ]);
    expect(failures(read).filter((f) => f.includes("/apis/"))).toEqual([]);
  });

  it("fails an open route and its function's public trigger; an integration outside the stack is unknown", () => {
    const open = route({});
    const elsewhere = route({ target: "integrations/elsewhere" }, "r0ute02");
    const read = readPulumiResources([handler, api, stage, integration, open, elsewhere]);
    const [openRoute, foreign] = ofKind(read, "apigatewayv2.route");
    expect(openRoute).toMatchObject({ authorizationType: "NONE", integrationFunctionArn: handler.outputs.arn });
    expect(isUnknown(foreign!.integrationFunctionArn)).toBe(true);
    expect(failures(read)).toEqual(
      expect.arrayContaining([
        `apigwv2-route-no-authorizer ${API_ARN}/routes/r0ute01`,
        `lambda-public-trigger-uncapped ${handler.outputs.arn}`,
      ]),
    );
  });

  it("reads quick create as API Gateway deploys it: an open $default route and an unthrottled $default stage", () => {
    const quick = registered(
      "aws:apigatewayv2/api:Api",
      "Quick",
      { protocolType: "HTTP", target: handler.outputs.arn },
      { arn: API_ARN, id: API_ID },
    );
    const read = readPulumiResources([handler, quick]);
    expect(ofKind(read, "apigatewayv2.route")).toEqual([
      expect.objectContaining({
        routeKey: "$default",
        authorizationType: "NONE",
        integrationFunctionArn: handler.outputs.arn,
      }),
    ]);
    expect(ofKind(read, "apigatewayv2.stage")).toEqual([
      expect.objectContaining({ stageName: "$default", routeThrottles: [] }),
    ]);
  });
});
