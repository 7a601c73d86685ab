// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { unknown } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { IntrinsicResolver } from "./intrinsics.ts";
import { TemplateReferences, type TemplateResource } from "./references.ts";

const TEMPLATE = {
  Parameters: {
    Stage: { Type: "String", Default: "dev" },
    Subnets: { Type: "CommaDelimitedList" },
  },
  Mappings: { Settings: { prod: { Timeout: 30 }, dev: { Timeout: 5 } } },
  Conditions: {
    IsProd: { "Fn::Equals": [{ Ref: "Stage" }, "prod"] },
    NotProd: { "Fn::Not": [{ Condition: "IsProd" }] },
    InUsEast1: { "Fn::Equals": [{ Ref: "AWS::Region" }, "us-east-1"] },
    ProdOrEast: { "Fn::Or": [{ Condition: "IsProd" }, { Condition: "InUsEast1" }] },
  },
  Resources: {
    Table: { Type: "AWS::DynamoDB::Table" },
    NamedTable: { Type: "AWS::DynamoDB::Table", Properties: { TableName: { "Fn::Sub": "orders-${Stage}" } } },
    Fn: { Type: "AWS::Lambda::Function", Properties: { FunctionName: "orders-api" } },
    Queue: { Type: "AWS::SQS::Queue" },
    Topic: { Type: "AWS::SNS::Topic" },
  } satisfies Record<string, TemplateResource>,
};

function resolver(parameters: Record<string, string> = {}) {
  const refs = new TemplateReferences(TEMPLATE.Resources);
  const resolve = new IntrinsicResolver(TEMPLATE, parameters, refs);
  refs.resolveName = (v) => resolve.resolve(v);
  return resolve;
}

describe("IntrinsicResolver", () => {
  it("resolves Ref of a resource to its name token, or its physical name when set", () => {
    const r = resolver({ Stage: "prod" });
    expect(r.resolve({ Ref: "Table" })).toBe("${Table}");
    expect(r.resolve({ Ref: "Fn" })).toBe("orders-api");
    expect(r.resolve({ Ref: "NamedTable" })).toBe("orders-prod");
    expect(r.resolve({ Ref: "Topic" })).toBe("arn:${AWS::Partition}:sns:${AWS::Region}:${AWS::AccountId}:${Topic}");
    expect(r.resolve({ Ref: "Queue" })).toBe("https://sqs.${AWS::Region}.${AWS::URLSuffix}/${AWS::AccountId}/${Queue}");
  });

  it("resolves Ref of a parameter to the given value, else unknown mentioning the default", () => {
    expect(resolver({ Stage: "prod" }).resolve({ Ref: "Stage" })).toBe("prod");
    expect(resolver().resolve({ Ref: "Stage" })).toEqual(
      unknown('Ref Stage: parameter without a value (default "dev")'),
    );
    expect(resolver({ Subnets: "a, b" }).resolve({ Ref: "Subnets" })).toEqual(["a", "b"]);
  });

  it("keeps pseudo-parameters as tokens and drops AWS::NoValue", () => {
    const r = resolver();
    expect(r.resolve({ Ref: "AWS::Region" })).toBe("${AWS::Region}");
    expect(r.resolve({ a: { Ref: "AWS::NoValue" }, b: [1, { Ref: "AWS::NoValue" }] })).toEqual({ b: [1] });
  });

  it("resolves GetAtt Arn in both forms to the synthetic ARN", () => {
    const r = resolver({ Stage: "prod" });
    const arn = "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}";
    expect(r.resolve({ "Fn::GetAtt": ["Table", "Arn"] })).toBe(arn);
    expect(r.resolve({ "Fn::GetAtt": "Table.Arn" })).toBe(arn);
    expect(r.resolve({ "Fn::GetAtt": ["NamedTable", "Arn"] })).toBe(
      "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/orders-prod",
    );
    expect(r.resolve({ "Fn::GetAtt": ["Table", "StreamArn"] })).toBe(`${arn}/stream/\${Table.StreamLabel}`);
    expect(r.resolve({ "Fn::GetAtt": ["Missing", "Arn"] })).toMatchObject({ unknown: true });
  });

  it("substitutes Sub strings with resources, attributes, variables and escapes", () => {
    const r = resolver({ Stage: "prod" });
    expect(r.resolve({ "Fn::Sub": "${Table.Arn}/index/*" })).toBe(
      "arn:${AWS::Partition}:dynamodb:${AWS::Region}:${AWS::AccountId}:table/${Table}/index/*",
    );
    expect(r.resolve({ "Fn::Sub": ["${name}-${AWS::Region}-${!Literal}", { name: { Ref: "Stage" } }] })).toBe(
      "prod-${AWS::Region}-${Literal}",
    );
    expect(resolver().resolve({ "Fn::Sub": "orders-${Stage}" })).toMatchObject({
      unknown: true,
      reason: expect.stringContaining("Ref Stage"),
    });
  });

  it("evaluates Join, Select, Split and FindInMap", () => {
    const r = resolver({ Stage: "prod" });
    expect(r.resolve({ "Fn::Join": ["-", ["a", { Ref: "Stage" }]] })).toBe("a-prod");
    expect(r.resolve({ "Fn::Select": [1, { "Fn::Split": [",", "x,y,z"] }] })).toBe("y");
    expect(r.resolve({ "Fn::FindInMap": ["Settings", { Ref: "Stage" }, "Timeout"] })).toBe(30);
    expect(resolver().resolve({ "Fn::FindInMap": ["Settings", { Ref: "Stage" }, "Timeout"] })).toMatchObject({
      unknown: true,
    });
    expect(resolver().resolve({ "Fn::Join": ["", ["a", { Ref: "Stage" }]] })).toMatchObject({ unknown: true });
  });

  it("decides If when the condition is decidable, and says unknown when it is not", () => {
    expect(resolver({ Stage: "prod" }).resolve({ "Fn::If": ["IsProd", "big", "small"] })).toBe("big");
    expect(resolver({ Stage: "dev" }).resolve({ "Fn::If": ["NotProd", "small", "big"] })).toBe("small");
    expect(resolver().resolve({ "Fn::If": ["IsProd", "big", "small"] })).toMatchObject({
      unknown: true,
      reason: expect.stringContaining("Fn::If IsProd"),
    });
    // The region is a deploy-time value: "us-east-1" may or may not match.
    expect(resolver({ Stage: "dev" }).condition("InUsEast1")).toMatchObject({ unknown: true });
    expect(resolver({ Stage: "prod" }).condition("ProdOrEast")).toBe(true);
  });

  it("never guesses ImportValue, GetAZs or Cidr", () => {
    const r = resolver();
    expect(r.resolve({ "Fn::ImportValue": "shared-arn" })).toEqual(unknown("Fn::ImportValue shared-arn"));
    expect(r.resolve({ "Fn::GetAZs": "" })).toMatchObject({ unknown: true });
    expect(r.resolve({ "Fn::Cidr": ["10.0.0.0/16", 2, 8] })).toMatchObject({ unknown: true });
  });
});
