import { describe, expect, it } from "vitest";
import { parseArn } from "./arn.ts";

describe("parseArn", () => {
  it("splits a live ARN, keeping colons of the resource", () => {
    expect(parseArn("arn:aws:lambda:us-east-1:123456789012:layer:deps:3")).toEqual({
      partition: "aws",
      service: "lambda",
      region: "us-east-1",
      account: "123456789012",
      resource: "layer:deps:3",
    });
  });

  it("keeps template tokens whole although they contain colons", () => {
    const arn = parseArn(`arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${Fn}`);
    expect(arn?.account).toBe(`\${AWS::AccountId}`);
    expect(arn?.resource).toBe(`function:\${Fn}`);
  });

  it("rejects what is not an ARN", () => {
    expect(parseArn("my-function")).toBeUndefined();
    expect(parseArn("arn:aws:s3")).toBeUndefined();
  });
});
