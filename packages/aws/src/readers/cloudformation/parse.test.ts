// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { describe, expect, it } from "vitest";
import { parseTemplate, TemplateParseError } from "./parse.ts";

function parseError(text: string): TemplateParseError {
  try {
    parseTemplate(text);
  } catch (error) {
    if (error instanceof TemplateParseError) return error;
    throw error;
  }
  throw new Error("expected a parse error");
}

describe("parseTemplate", () => {
  it("turns every short-form tag into its long form", () => {
    const { template } = parseTemplate(`
Conditions:
  IsProd: !Equals [!Ref Stage, prod]
  NotProd: !Not [!Condition IsProd]
  Both: !And [!Condition IsProd, !Or [!Condition NotProd, !Condition IsProd]]
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      A: !Ref Table
      B: !GetAtt Table.Arn
      C: !GetAtt [Table, StreamArn]
      D: !Sub arn:\${AWS::Partition}:s3:::\${Bucket}
      E: !Sub ["\${x}-y", { x: !Ref Stage }]
      F: !Join ["", [a, !Ref Stage]]
      G: !If [IsProd, 1, 2]
      H: !Select [0, !Split [",", "a,b"]]
      I: !FindInMap [Map, !Ref Stage, Key]
      J: !ImportValue shared-arn
      K: !GetAZs ""
      L: !Base64 text
      M: !Cidr [10.0.0.0/16, 2, 8]
`);
    const conditions = template.Conditions as Record<string, unknown>;
    expect(conditions.IsProd).toEqual({ "Fn::Equals": [{ Ref: "Stage" }, "prod"] });
    expect(conditions.NotProd).toEqual({ "Fn::Not": [{ Condition: "IsProd" }] });
    expect(conditions.Both).toEqual({
      "Fn::And": [{ Condition: "IsProd" }, { "Fn::Or": [{ Condition: "NotProd" }, { Condition: "IsProd" }] }],
    });
    const props = (template.Resources as Record<string, { Properties: Record<string, unknown> }>).Fn!.Properties;
    expect(props).toEqual({
      A: { Ref: "Table" },
      B: { "Fn::GetAtt": ["Table", "Arn"] },
      C: { "Fn::GetAtt": ["Table", "StreamArn"] },
      D: { "Fn::Sub": "arn:${AWS::Partition}:s3:::${Bucket}" },
      E: { "Fn::Sub": ["${x}-y", { x: { Ref: "Stage" } }] },
      F: { "Fn::Join": ["", ["a", { Ref: "Stage" }]] },
      G: { "Fn::If": ["IsProd", 1, 2] },
      H: { "Fn::Select": [0, { "Fn::Split": [",", "a,b"] }] },
      I: { "Fn::FindInMap": ["Map", { Ref: "Stage" }, "Key"] },
      J: { "Fn::ImportValue": "shared-arn" },
      K: { "Fn::GetAZs": "" },
      L: { "Fn::Base64": "text" },
      M: { "Fn::Cidr": ["10.0.0.0/16", 2, 8] },
    });
  });

  it("keeps unquoted account ids with a leading zero as strings", () => {
    const { template } = parseTemplate(
      "Resources:\n  A:\n    Type: X\n    Properties:\n      Account: 012345678901\n      Count: 3\n",
    );
    expect(template.Resources).toEqual({ A: { Type: "X", Properties: { Account: "012345678901", Count: 3 } } });
  });

  it("records the line of every logical resource, in YAML and in JSON", () => {
    expect(parseTemplate("Resources:\n  A:\n    Type: X\n\n  B:\n    Type: Y\n").resourceLines).toEqual(
      new Map([
        ["A", 2],
        ["B", 5],
      ]),
    );
    const json = '{\n  "Resources": {\n    "A": { "Type": "X" },\n    "B": {\n      "Type": "Y"\n    }\n  }\n}\n';
    expect(parseTemplate(json).resourceLines).toEqual(
      new Map([
        ["A", 3],
        ["B", 4],
      ]),
    );
  });

  it("reports invalid YAML with its line and column", () => {
    const error = parseError("Resources:\n  A:\n    Type: X\n   Properties: [\n");
    expect(error.line).toBeGreaterThanOrEqual(3);
    expect(error.column).toBeGreaterThan(0);
  });

  it("reports invalid JSON with its line", () => {
    const error = parseError('{\n  "Resources": {\n    "A": { "Type": "X" },\n  }\n  "Outputs": {}\n}');
    expect(error.line).toBe(5);
  });

  it("reports an unknown tag with its line", () => {
    const error = parseError("Resources:\n  A:\n    Type: X\n    Properties:\n      B: !Reff Table\n");
    expect(error.message).toContain("unknown tag !Reff");
    expect(error.line).toBe(5);
  });

  it("rejects a document without Resources", () => {
    expect(parseError("name: my-package\nversion: 1.0.0\n").message).toContain("no Resources");
    expect(parseError("- a\n- b\n").message).toContain("not a mapping");
  });

  it("reports an alias bomb as a parse error in bounded time instead of expanding it", () => {
    const started = Date.now();
    const error = parseError(aliasBomb(9));
    expect(error.message).toContain("aliases expand to more than");
    expect(error.line).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it("reports an alias inside its own anchor as a parse error", () => {
    expect(parseError("Resources: &r\n  A: *r\n").message).toContain("alias *r refers to a node that contains it");
    expect(parseError("Resources:\n  A: &a [x, *a]\n").line).toBe(2);
  });

  it("still expands aliases a template shares, and rejects nesting no template needs", () => {
    const { template } = parseTemplate(
      "Env: &env { Stage: !Ref Stage }\nResources:\n  A: { Type: X, Properties: { Env: *env } }\n  B: { Type: X, Properties: { Env: *env } }\n",
    );
    expect((template.Resources as Record<string, unknown>).B).toEqual({
      Type: "X",
      Properties: { Env: { Stage: { Ref: "Stage" } } },
    });
    expect(parseError(`Resources: ${"[".repeat(300)}${"]".repeat(300)}\n`).message).toContain("levels deep");
  });

  it("keeps a __proto__ key as data, not as the mapping's prototype", () => {
    const { template } = parseTemplate("Resources:\n  __proto__: { Type: X }\n");
    const resources = template.Resources as Record<string, unknown>;
    expect(Object.getPrototypeOf(resources)).toBe(Object.prototype);
    expect(Object.keys(resources)).toEqual(["__proto__"]);
  });
});

/** "Billion laughs": `levels` anchors of ten aliases each, a few hundred bytes that expand to 10^levels nodes. */
function aliasBomb(levels: number): string {
  const lines = ["l0: &l0 [x, x, x, x, x, x, x, x, x, x]"];
  for (let level = 1; level < levels; level++) {
    lines.push(
      `l${level}: &l${level} [${Array(10)
        .fill(`*l${level - 1}`)
        .join(", ")}]`,
    );
  }
  return `${lines.join("\n")}\nResources:\n  A: { Type: AWS::SNS::Topic }\n`;
}
