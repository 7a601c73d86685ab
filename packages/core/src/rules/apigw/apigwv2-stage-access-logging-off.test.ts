import { describe, expect, it } from "vitest";
import { unknown } from "../../model/value.ts";
import { httpStage, model } from "../../testing/builders.ts";
import { runRule } from "../../testing/run-rule.ts";
import rule from "./apigwv2-stage-access-logging-off.ts";

describe(rule.id, () => {
  it("Compliance: the $default stage logs to a log group", () => {
    const [result] = runRule(rule, model(httpStage()));
    expect(result?.status).toBe("pass");
  });

  it("Noncompliance: a stage without access log destination", () => {
    const [result] = runRule(rule, model(httpStage("http123", "prod", { accessLogDestination: undefined })));
    expect(result?.status).toBe("fail");
    expect(result?.evidence).toEqual([{ type: "setting", path: "accessLogDestination", value: null }]);
  });

  it("Real world: a WebSocket stage logging to a log group from a CloudFormation token does not fire", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation pseudo-parameter tokens, as readers keep them
    const destination = "arn:${AWS::Partition}:logs:${AWS::Region}:${AWS::AccountId}:log-group:${WsAccessLogs}";
    const [result] = runRule(rule, model(httpStage("ws123", "live", { accessLogDestination: destination })));
    expect(result?.status).toBe("pass");
  });

  it("Undetermined: a destination imported from another stack", () => {
    const stage = httpStage("http123", "prod", { accessLogDestination: unknown("Fn::ImportValue logs-arn") });
    const [result] = runRule(rule, model(stage));
    expect(result?.status).toBe("undetermined");
    expect(result?.message).toContain("logs-arn");
  });
});
