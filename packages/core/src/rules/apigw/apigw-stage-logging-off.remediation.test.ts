import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { restStage } from "../../testing/builders.ts";
import remediation from "./apigw-stage-logging-off.remediation.ts";

const LOGS = "arn:aws:logs:eu-west-1:123456789012:log-group:api-access";
const patchOf = (calls: readonly { input: Readonly<Record<string, unknown>> }[] | undefined) =>
  calls?.[0]?.input.patchOperations;

describe(`${remediation.ruleId} remediation`, () => {
  it("turns execution logging on stage-wide and where a method turns it off, undone level by level", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [
        { resourcePath: "/*", httpMethod: "*", loggingLevel: "OFF" },
        { resourcePath: "/orders/{id}", httpMethod: "GET", loggingLevel: "OFF" },
        { resourcePath: "/health", httpMethod: "GET", loggingLevel: "INFO" },
      ],
    });
    const plan = remediation.plan(stage);
    expect(plan?.calls).toEqual([
      {
        service: "apigateway",
        operation: "UpdateStage",
        input: {
          restApiId: "api123",
          stageName: "prod",
          patchOperations: [
            { op: "replace", path: "/*/*/logging/loglevel", value: "ERROR" },
            { op: "replace", path: "/~1orders~1{id}/GET/logging/loglevel", value: "ERROR" },
          ],
        },
        iamAction: "apigateway:PATCH",
      },
    ]);
    expect(patchOf(plan?.undo)).toEqual([
      { op: "replace", path: "/*/*/logging/loglevel", value: "OFF" },
      { op: "replace", path: "/~1orders~1{id}/GET/logging/loglevel", value: "OFF" },
    ]);
    expect(plan?.changes.map((c) => c.path)).toEqual([
      "methodSettings[/* *].loggingLevel",
      "methodSettings[/orders/{id} GET].loggingLevel",
    ]);
    expect(plan?.summary).toBe("turn on execution logging of stage prod");
  });

  it("adds access logs to the configured log group only when the stage has none, undone by removing them", () => {
    const stage = restStage("api123", "prod", { methodSettings: [], accessLogDestination: undefined });
    const plan = remediation.plan(stage, { accessLogDestinationArn: LOGS });
    const operations = patchOf(plan?.calls) as { path: string; value?: string }[];
    expect(operations.map((op) => op.path)).toEqual([
      "/*/*/logging/loglevel",
      "/accessLogSettings/destinationArn",
      "/accessLogSettings/format",
    ]);
    expect(JSON.parse(operations[2]?.value ?? "{}")).toMatchObject({ requestId: "$context.requestId" });
    // No `/* *` setting before: removing it restores the stage.
    expect(patchOf(plan?.undo)).toEqual([
      { op: "remove", path: "/*/*" },
      { op: "remove", path: "/accessLogSettings" },
    ]);
    // Without a configured log group, only execution logging.
    expect(patchOf(remediation.plan(stage)?.calls)).toEqual([
      { op: "replace", path: "/*/*/logging/loglevel", value: "ERROR" },
    ]);
  });

  it("plans nothing for a logging stage, and never guesses an unknown level or destination", () => {
    expect(remediation.plan(restStage(), { accessLogDestinationArn: LOGS })).toBeUndefined();
    const unreadable = restStage("api123", "prod", {
      methodSettings: [{ resourcePath: "/*", httpMethod: "*", loggingLevel: unknown("GetStage denied") }],
      accessLogDestination: unknown("GetStage denied"),
    });
    expect(remediation.plan(unreadable, { accessLogDestinationArn: LOGS })).toBeUndefined();
  });
});
