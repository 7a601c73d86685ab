import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { model, restStage } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./apigw-stage-logging-off.ts";

const stageWide = { resourcePath: "/*", httpMethod: "*" };

describe(rule.id, () => {
  it("Compliance: stage-wide ERROR logging and an access log destination", () => {
    const [result] = runRule(rule, model(restStage()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: no method settings and no access log: the message names both", () => {
    const stage = restStage("api123", "prod", { methodSettings: [], accessLogDestination: undefined });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("fail");
    expect(result?.message).toContain("execution logging is off");
    expect(result?.message).toContain("access logging is off");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "methodSettings[/* *].loggingLevel", value: null },
      { type: "setting", path: "accessLogDestination", value: null },
    ]);
  });

  it("Noncompliance: execution logging OFF stage-wide, access logging on", () => {
    const stage = restStage("api123", "prod", { methodSettings: [{ ...stageWide, loggingLevel: "OFF" }] });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("fail");
    expect(result?.message).toBe("execution logging is off: loggingLevel is OFF");
  });

  it("Noncompliance: a per-method OFF under stage-wide INFO", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [
        { ...stageWide, loggingLevel: "INFO" },
        { resourcePath: "/health", httpMethod: "GET", loggingLevel: "OFF" },
      ],
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([
      { type: "setting", path: "methodSettings[/health GET].loggingLevel", value: "OFF" },
    ]);
  });

  it("Real world: metrics-only method settings beside a stage-wide ERROR level do not fire", () => {
    const stage = restStage("api123", "prod", {
      methodSettings: [
        { ...stageWide, loggingLevel: "ERROR", dataTrace: false },
        { resourcePath: "/orders", httpMethod: "POST", metricsEnabled: true },
      ],
    });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a logging level from a parameter; a known gap still fails", () => {
    const unresolved = restStage("api123", "prod", {
      methodSettings: [{ ...stageWide, loggingLevel: unknown("Ref LogLevelParam") }],
    });
    const [result] = runRule(rule, model(unresolved));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("Ref LogLevelParam");

    const [gap] = runRule(
      rule,
      model(
        restStage("api123", "prod", { methodSettings: unresolved.methodSettings, accessLogDestination: undefined }),
      ),
    );
    expect(gap?.status).toBe("fail");
    expect(gap?.message).toBe("access logging is off: no access log destination");
  });
});
