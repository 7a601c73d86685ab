import { GetMethodCommand, GetResourcesCommand } from "@aws-sdk/client-api-gateway";
import { evaluate, ResourceModel, type RestApiMethod, RULES, resolveConfig, unknown } from "@vigil/core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { readAccount } from "./read-account.ts";
import { FAKE_REGION, type FakeAccount, fakeAccount, fakeArns } from "./testing/fake-account.ts";

let fake: FakeAccount;
beforeEach(() => {
  fake = fakeAccount(1);
});
afterEach(() => fake.restore());

const ALLOW_ORIGIN = "method.response.header.Access-Control-Allow-Origin";

/** A MOCK preflight as GetResources (embed=methods) returns it, per the API reference's Method shape. */
const preflight = (origin: string) => ({
  httpMethod: "OPTIONS",
  authorizationType: "NONE",
  apiKeyRequired: false,
  methodIntegration: {
    type: "MOCK" as const,
    integrationResponses: {
      "200": { statusCode: "200", responseParameters: { [ALLOW_ORIGIN]: origin } },
      "400": { statusCode: "400", selectionPattern: "4\\d{2}", responseParameters: {} },
    },
  },
});

const getOrders = {
  httpMethod: "GET",
  authorizationType: "NONE",
  apiKeyRequired: false,
  methodIntegration: {
    type: "AWS_PROXY" as const,
    uri: `arn:aws:apigateway:${FAKE_REGION}:lambda:path/2015-03-31/functions/${fakeArns.fn(0)}/invocations`,
  },
};

async function methods() {
  const read = await readAccount({ region: FAKE_REGION, clients: fake.clients });
  const report = evaluate(
    new ResourceModel(read.resources, read.coverage),
    resolveConfig({ ruleset: "strict" }, RULES),
  );
  const found = read.resources.filter((r): r is RestApiMethod => r.kind === "apigateway.method");
  const verdict = (name: string) =>
    report.results.find((r) => r.ruleId === "apigw-rest-cors-any-origin" && r.resourceName === name)?.status;
  return { found, verdict };
}

describe("live REST API CORS", () => {
  it("reads the origin of the preflight's integration responses; a Lambda-proxy method sets none", async () => {
    fake.stubs.apigateway.on(GetResourcesCommand).resolves({
      items: [{ id: "res1", path: "/orders", resourceMethods: { GET: getOrders, OPTIONS: preflight("'*'") } }],
    });
    const { found, verdict } = await methods();
    expect(found.map((m) => [m.name, m.corsAllowOrigin])).toEqual([
      ["GET /orders", undefined],
      ["OPTIONS /orders", "*"],
    ]);
    expect(verdict("OPTIONS /orders")).toBe("fail");
    expect(verdict("GET /orders")).toBe("not_applicable");
  });

  it("a method whose own read fails has an unknown origin: undetermined, never passed", async () => {
    fake.stubs.apigateway.on(GetResourcesCommand).resolves({
      items: [{ id: "res1", path: "/orders", resourceMethods: { GET: getOrders, OPTIONS: {} } }],
    });
    fake.stubs.apigateway
      .on(GetMethodCommand)
      .rejects(
        Object.assign(new Error("denied"), { name: "AccessDeniedException", $metadata: { httpStatusCode: 403 } }),
      );
    const { found, verdict } = await methods();
    const arn = `${fakeArns.restApi}/resources/res1/methods/OPTIONS`;
    expect(found.find((m) => m.arn === arn)?.corsAllowOrigin).toEqual(unknown(`apigateway:GET ${arn} failed`));
    expect(verdict("OPTIONS /orders")).toBe("undetermined");
  });
});
