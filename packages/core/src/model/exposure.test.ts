import { describe, expect, it } from "vitest";
import { arns, httpRoute, lambdaFunction, model, restMethod } from "../testing/builders.ts";
import { publicTriggersOf } from "./exposure.ts";
import { unknown } from "./value.ts";

describe("publicTriggersOf", () => {
  it("finds an open function URL, REST method and HTTP route, and ignores authorized ones", () => {
    const fn = lambdaFunction("api", { url: { authType: "NONE", invokeMode: "BUFFERED" } });
    const m = model(
      fn,
      restMethod("api123", "/open", "GET", { authorizationType: "NONE", integrationFunctionArn: arns.fn("api") }),
      restMethod("api123", "/closed", "GET", { integrationFunctionArn: arns.fn("api") }),
      httpRoute("http123", "GET /open", { authorizationType: "NONE", integrationFunctionArn: arns.fn("api") }),
    );
    expect(publicTriggersOf(m, fn).triggers.map((t) => t.type)).toEqual(["function-url", "rest-api", "http-api"]);
  });

  it("reports an unknown authorization as uncertain", () => {
    const fn = lambdaFunction("api");
    const route = httpRoute("http123", "GET /x", {
      authorizationType: unknown("Ref Auth"),
      integrationFunctionArn: arns.fn("api"),
    });
    const exposure = publicTriggersOf(model(fn, route), fn);
    expect(exposure.triggers).toEqual([]);
    expect(exposure.uncertain?.reason).toBe("Ref Auth");
  });

  it("with the function's resource policy unread, an open route is uncertain: only the policy lets it invoke", () => {
    const fn = lambdaFunction("api", { policy: unknown("GetPolicy: AccessDenied") });
    const route = httpRoute("http123", "GET /open", {
      authorizationType: "NONE",
      integrationFunctionArn: arns.fn("api"),
    });
    const exposure = publicTriggersOf(model(fn, route), fn);
    expect(exposure.triggers).toEqual([]);
    expect(exposure.uncertain?.reason).toBe("GetPolicy: AccessDenied");
  });
});
