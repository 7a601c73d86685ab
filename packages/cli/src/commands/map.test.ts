import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runVigil } from "../testing/run-vigil.ts";

/** A queue-fed function whose role reads a table; `actions` are what the role may do on it. */
const template = (actions: readonly string[]) => `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Orders:
    Type: AWS::DynamoDB::Table
    Properties:
      TableName: orders
      BillingMode: PAY_PER_REQUEST
      AttributeDefinitions: [{ AttributeName: id, AttributeType: S }]
      KeySchema: [{ AttributeName: id, KeyType: HASH }]
  Jobs:
    Type: AWS::SQS::Queue
    Properties:
      QueueName: jobs
  WorkerRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: worker-role
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Principal: { Service: lambda.amazonaws.com }
            Action: sts:AssumeRole
      Policies:
        - PolicyName: orders-access
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: [${actions.join(", ")}]
                Resource: !GetAtt Orders.Arn
  Worker:
    Type: AWS::Lambda::Function
    Properties:
      FunctionName: worker
      Runtime: nodejs22.x
      Handler: index.handler
      Role: !GetAtt WorkerRole.Arn
      Code: { ZipFile: "exports.handler = async () => ({})" }
  WorkerUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt Worker.Arn
      AuthType: NONE
  JobsMapping:
    Type: AWS::Lambda::EventSourceMapping
    Properties:
      FunctionName: !Ref Worker
      EventSourceArn: !GetAtt Jobs.Arn
`;

let root: string;

const vigil = (argv: string[]) => runVigil(argv, root);

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "vigil-map-"));
  for (const [dir, actions] of [
    ["old", ["dynamodb:GetItem"]],
    ["new", ["dynamodb:GetItem", "dynamodb:PutItem"]],
  ] as const) {
    mkdirSync(join(root, dir));
    writeFileSync(join(root, dir, "template.yaml"), template(actions));
  }
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("vigil map", () => {
  it("prints the map as Mermaid by default", async () => {
    const { code, stdout, stderr } = await vigil(["map", "new"]);
    expect(stderr).toBe("");
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flowchart LR\n/);
    expect(stdout).toContain('trg_jobs -->|"polled"| fn_worker');
    expect(stdout).toContain('fn_worker -.->|"role"| role_worker_role');
    expect(stdout).toContain('fn_worker ==>|"write"| store_orders');
    expect(stdout).toContain('fn_worker -->|"read"| store_orders');
  });

  it("writes DOT and JSON", async () => {
    expect((await vigil(["map", "new", "--format", "dot"])).stdout).toMatch(/^digraph vigil_app_map \{/);
    const json = JSON.parse((await vigil(["map", "new", "--format", "json"])).stdout);
    expect(json.format).toBe("vigil-app-map");
    const worker = json.nodes.find((node: { label: string }) => node.label === "worker");
    expect(worker).toMatchObject({ kind: "lambda.function", column: "function" });
    expect(worker.findings).toBeGreaterThan(0);
  });

  it("writes one HTML page carrying the findings of the rules to --output", async () => {
    const { code, stdout } = await vigil(["map", "new", "--format", "html", "--output", "map.html"]);
    expect(code).toBe(0);
    expect(stdout).toBe("vigil: wrote map to map.html\n");
    const page = readFileSync(join(root, "map.html"), "utf8");
    expect(page).toMatch(/^<!doctype html>/);
    expect(page).toContain("<title>Vigil app map — new</title>");
    expect(page).toContain('"ruleId":"lambda-url-auth-none"');
  });

  it("rejects --format table without --diff", async () => {
    const { code, stderr } = await vigil(["map", "new", "--format", "table"]);
    expect(code).toBe(2);
    expect(stderr).toContain("--format table is for map --diff");
  });

  it("maps the vulnerable example", async () => {
    const example = resolve(import.meta.dirname, "../../../../examples/vulnerable-app");
    const { code, stdout } = await vigil(["map", example]);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^flowchart LR\n/);
    expect(stdout).toContain("subgraph col_datastore");
  });
});

describe("vigil map --diff", () => {
  it("lists new and removed flows between two template sets, exit code 0", async () => {
    const { code, stdout } = await vigil(["map", "--diff", "old", "new"]);
    expect(code).toBe(0);
    expect(stdout).toBe(
      [
        "   ACCESS  FUNCTION  DATA STORE  ACTIONS",
        "+  write   worker    orders      dynamodb:PutItem",
        "",
        "1 flow added, 0 flows removed",
        "",
      ].join("\n"),
    );
    const back = await vigil(["map", "--diff", "new", "old"]);
    expect(back.stdout).toContain("-  write   worker    orders      dynamodb:PutItem");
    expect((await vigil(["map", "--diff", "new", "new"])).stdout).toBe("No flow added or removed.\n");
  });

  it("compares with a map written earlier with --format json, and writes JSON", async () => {
    await vigil(["map", "old", "--format", "json", "--output", "old-map.json"]);
    const { code, stdout } = await vigil(["map", "--diff", "old-map.json", "new", "--format", "json"]);
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      added: [
        {
          function: expect.objectContaining({ label: "worker", name: "worker" }),
          dataStore: expect.objectContaining({ label: "orders", name: "orders" }),
          access: "write",
          actions: ["dynamodb:PutItem"],
        },
      ],
      removed: [],
    });
  });

  it("needs exactly two inputs and a table or JSON format", async () => {
    expect((await vigil(["map", "--diff", "old"])).code).toBe(2);
    const { code, stderr } = await vigil(["map", "--diff", "old", "new", "--format", "mermaid"]);
    expect(code).toBe(2);
    expect(stderr).toContain("map --diff writes --format table or json");
  });

  it("says which field is wrong in a broken JSON map", async () => {
    writeFileSync(join(root, "broken-map.json"), JSON.stringify({ format: "vigil-app-map", version: 1, nodes: [] }));
    const { code, stderr } = await vigil(["map", "--diff", "broken-map.json", "new"]);
    expect(code).toBe(2);
    expect(stderr).toContain("not a Vigil app map");
    expect(stderr).toContain("edges");
  });
});
