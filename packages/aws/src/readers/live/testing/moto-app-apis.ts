/** The APIs of the moto app (moto-app.ts), with the problems planted there. */
import * as apigw from "@aws-sdk/client-api-gateway";
import * as apigwv2 from "@aws-sdk/client-apigatewayv2";
import * as lambda from "@aws-sdk/client-lambda";
import type { LiveClients } from "../clients.ts";
import type { MotoAppArns } from "./moto-app-arns.ts";
import { allowInvoke } from "./moto-app-functions.ts";
import { MOTO_ACCOUNT } from "./seed.ts";

export async function seedApis(clients: LiveClients, arns: MotoAppArns, region: string) {
  const { apigateway: rest, apigatewayv2: http } = clients;
  const target = arns.fn("public-api");
  const httpTarget = arns.fn("items-api");
  // REST: GET /orders without authorization or validation, a stage with a secret in its variables, a usage plan
  // without throttling.
  const api = await rest.send(new apigw.CreateRestApiCommand({ name: "shop" }));
  const root = await rest.send(new apigw.GetResourcesCommand({ restApiId: api.id }));
  const orders = await rest.send(
    new apigw.CreateResourceCommand({ restApiId: api.id, parentId: root.items?.[0]?.id, pathPart: "orders" }),
  );
  const method = { restApiId: api.id, resourceId: orders.id, httpMethod: "GET" };
  await rest.send(new apigw.PutMethodCommand({ ...method, authorizationType: "NONE" }));
  await rest.send(
    new apigw.PutIntegrationCommand({
      ...method,
      type: "AWS_PROXY",
      integrationHttpMethod: "POST",
      uri: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${target}/invocations`,
    }),
  );
  // POST /orders with a request validator that checks parameters only.
  const validator = await rest.send(
    new apigw.CreateRequestValidatorCommand({
      restApiId: api.id,
      name: "parameters-only",
      validateRequestBody: false,
      validateRequestParameters: true,
    }),
  );
  await rest.send(
    new apigw.PutMethodCommand({
      ...method,
      httpMethod: "POST",
      authorizationType: "AWS_IAM",
      requestValidatorId: validator.id,
    }),
  );
  // OPTIONS /orders: a CORS preflight (MOCK) that lets any origin call the unauthenticated GET.
  const preflight = { ...method, httpMethod: "OPTIONS" };
  await rest.send(new apigw.PutMethodCommand({ ...preflight, authorizationType: "NONE" }));
  await rest.send(new apigw.PutIntegrationCommand({ ...preflight, type: "MOCK" }));
  await rest.send(
    new apigw.PutMethodResponseCommand({
      ...preflight,
      statusCode: "200",
      responseParameters: { "method.response.header.Access-Control-Allow-Origin": true },
    }),
  );
  await rest.send(
    new apigw.PutIntegrationResponseCommand({
      ...preflight,
      statusCode: "200",
      responseParameters: { "method.response.header.Access-Control-Allow-Origin": "'*'" },
    }),
  );
  await rest.send(
    new apigw.CreateDeploymentCommand({
      restApiId: api.id,
      stageName: "prod",
      variables: { dbPassword: "Xk9#mQ2$vLp7!wR4zT8^nB3" },
    }),
  );
  await rest.send(
    new apigw.CreateUsagePlanCommand({ name: "partners", apiStages: [{ apiId: api.id, stage: "prod" }] }),
  );
  const execute = (id: string) => `arn:aws:execute-api:${region}:${MOTO_ACCOUNT}:${id}/*`;
  await allowInvoke(clients.lambda, "public-api", "apigateway.amazonaws.com", execute(api.id!));

  // HTTP: GET /items without an authorizer, a default stage without access logs or throttling; its function lets
  // API Gateway invoke it from any API.
  const httpApi = await http.send(new apigwv2.CreateApiCommand({ Name: "public-http", ProtocolType: "HTTP" }));
  const integration = await http.send(
    new apigwv2.CreateIntegrationCommand({
      ApiId: httpApi.ApiId,
      IntegrationType: "AWS_PROXY",
      IntegrationUri: httpTarget,
      PayloadFormatVersion: "2.0",
    }),
  );
  await http.send(
    new apigwv2.CreateRouteCommand({
      ApiId: httpApi.ApiId,
      RouteKey: "GET /items",
      AuthorizationType: "NONE",
      Target: `integrations/${integration.IntegrationId}`,
    }),
  );
  await http.send(new apigwv2.CreateStageCommand({ ApiId: httpApi.ApiId, StageName: "$default" }));
  await clients.lambda.send(
    new lambda.AddPermissionCommand({
      FunctionName: "items-api",
      StatementId: "any-api",
      Action: "lambda:InvokeFunction",
      Principal: "apigateway.amazonaws.com",
    }),
  );
  return { restApiId: api.id!, httpApiId: httpApi.ApiId! };
}
