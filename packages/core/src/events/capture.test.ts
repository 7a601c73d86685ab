import { describe, expect, it } from "vitest";
import { capturePatterns, type EventPattern } from "./capture.ts";
import { watchedApiCalls } from "./cloudtrail.ts";
import { CONFIG_RESOURCE_TYPES } from "./config-types.ts";
import { apiCallEvent, configChangeEvent } from "./event-factory.ts";
import { refsForEvent } from "./map-event.ts";

/** The subset of EventBridge matching the capture patterns use: literals, `prefix`, `exists`, `$or`. */
function matches(pattern: unknown, value: unknown): boolean {
  if (Array.isArray(pattern)) {
    return pattern.some((matcher) => {
      if (typeof matcher !== "object" || matcher === null) return matcher === value;
      if ("prefix" in matcher) return typeof value === "string" && value.startsWith(String(matcher.prefix));
      if ("exists" in matcher) return (value !== undefined) === matcher.exists;
      throw new Error(`unsupported matcher ${JSON.stringify(matcher)}`);
    });
  }
  const record = (value ?? {}) as Record<string, unknown>;
  return Object.entries(pattern as EventPattern).every(([key, inner]) =>
    key === "$or" ? (inner as unknown[]).some((branch) => matches(branch, value)) : matches(inner, record[key]),
  );
}

const captured = (event: unknown) => capturePatterns().some(({ pattern }) => matches(pattern, event));

describe("capturePatterns", () => {
  it("has one CloudTrail rule per watched service and one Config rule, with unique names", () => {
    const names = capturePatterns().map((p) => p.name);
    expect(names).toHaveLength(Object.keys(watchedApiCalls()).length + 1);
    expect(names).toContain("CloudTrailIam");
    expect(names.at(-1)).toBe("ConfigItemChange");
    expect(new Set(names).size).toBe(names.length);
  });

  it("captures every successful call the mapping handles, versioned Lambda names included", () => {
    for (const [service, names] of Object.entries(watchedApiCalls())) {
      for (const name of names) {
        expect(captured(apiCallEvent(`${service}.amazonaws.com`, name)), name).toBe(true);
      }
    }
    expect(captured(apiCallEvent("lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2"))).toBe(true);
  });

  it("leaves out failed calls, ignored calls, unwatched calls and unwatched services", () => {
    expect(captured(apiCallEvent("iam.amazonaws.com", "PutRolePolicy", { errorCode: "AccessDenied" }))).toBe(false);
    expect(captured(apiCallEvent("lambda.amazonaws.com", "PublishLayerVersion20181031"))).toBe(false);
    expect(captured(apiCallEvent("iam.amazonaws.com", "GetRole"))).toBe(false);
    expect(captured(apiCallEvent("ec2.amazonaws.com", "RunInstances"))).toBe(false);
  });

  it("captures Config changes of every modelled type, oversized items included, and no other type", () => {
    for (const type of Object.keys(CONFIG_RESOURCE_TYPES)) {
      const event = configChangeEvent({ resourceType: type, ARN: "arn:aws:x" });
      expect(captured(event), type).toBe(true);
      expect(refsForEvent(event).refs).toHaveLength(1);
      expect(captured(configChangeEvent({ resourceType: type, ARN: "arn:aws:x" }, { oversized: true }))).toBe(true);
    }
    expect(captured(configChangeEvent({ resourceType: "AWS::EC2::Instance", ARN: "arn:aws:x" }))).toBe(false);
  });

  it("keeps each pattern within EventBridge's 2048-character limit", () => {
    for (const { name, pattern } of capturePatterns()) expect(JSON.stringify(pattern).length, name).toBeLessThan(2048);
  });
});
