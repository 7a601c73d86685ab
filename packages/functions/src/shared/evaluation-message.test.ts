import { describe, expect, it } from "vitest";
import { evaluationMessageSchema } from "./evaluation-message.ts";

const message = {
  kind: "iam.role",
  arn: "arn:aws:iam::123456789012:role/orders-role",
  account: "123456789012",
  region: "",
  reason: "iam:PutRolePolicy",
  eventTime: "2026-11-28T10:15:30Z",
};

describe("evaluation message", () => {
  it("parses a message as ingest and sweep write it", () => {
    expect(evaluationMessageSchema.parse(message)).toEqual(message);
  });

  it("still parses a message queued by an earlier version with `expand`, dropping the field", () => {
    expect(evaluationMessageSchema.parse({ ...message, expand: "functions-using-role" })).toEqual(message);
  });

  it("refuses any other field it does not know", () => {
    expect(evaluationMessageSchema.safeParse({ ...message, expnad: "typo" }).success).toBe(false);
  });

  it("refuses a body that is not an object", () => {
    expect(evaluationMessageSchema.safeParse(["expand"]).success).toBe(false);
  });
});
