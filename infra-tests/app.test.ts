import { beforeAll, describe, expect, it } from "vitest";
import { type AppRun, DEFAULT_ACCOUNT_ID, type RegisteredResource, runApp } from "./harness.ts";

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource?: string | string[];
  Principal?: Record<string, string | string[]>;
}

function statements(json: unknown): Statement[] {
  const doc = JSON.parse(String(json)) as { Statement: Statement[] };
  return doc.Statement;
}

function list(value: string | string[] | undefined): string[] {
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function inlinePolicy(role: RegisteredResource): Statement[] {
  const policies = role.inputs.inlinePolicies as { name: string; policy: string }[];
  return policies.flatMap((p) => statements(p.policy));
}

describe("sst.config.ts", () => {
  it.each([
    { stage: "test", removal: "remove", protect: false },
    { stage: "prod", removal: "retain", protect: true },
    { stage: "production", removal: "retain", protect: true },
  ])("stage $stage: removal $removal, protect $protect", async ({ stage, removal, protect }) => {
    const app = await runApp({ stage });

    expect(app.app).toMatchObject({ name: "vigil", stage, home: "aws", removal, protect });
    expect(app.outputs._protect).toBe(protect);
    expect(app.get(`vigil-${stage}`, "pulumi:pulumi:Stack").custom).toBe(false);
    // Whatever the stacks hold, a retained stage keeps its tables and a removable one does not.
    for (const table of app.byType("aws:dynamodb/table:Table")) {
      expect(table.retainOnDelete ?? false, table.name).toBe(removal === "retain");
    }
  });
});

describe("harness: one function linked to one table", () => {
  const config = "infra-tests/fixtures/one-function.config.ts";
  let app: AppRun;

  beforeAll(async () => {
    app = await runApp({ config, stage: "test" });
  });

  it("registers the table with a realistic ARN", () => {
    const table = app.get("FindingsTable", "aws:dynamodb/table:Table");
    expect(table.outputs.name).toMatch(/^fixture-test-FindingsTable-[a-z]{8}$/);
    expect(table.outputs.arn).toBe(`arn:aws:dynamodb:us-east-1:${DEFAULT_ACCOUNT_ID}:table/${table.outputs.name}`);
    expect(table.inputs.hashKey).toBe("pk");
    expect(table.inputs.rangeKey).toBe("sk");
  });

  it("builds the handler through the CLI's Runtime.Build RPC and ships it as a zip in the asset bucket", () => {
    const builds = app.rpc.filter((call) => call.method === "Runtime.Build");
    expect(builds).toHaveLength(1);
    expect(builds[0]!.params).toMatchObject({
      functionID: "Evaluate",
      handler: "infra-tests/fixtures/handler.handler",
      runtime: "nodejs24.x",
    });
    const fn = app.get("EvaluateFunction", "aws:lambda/function:Function");
    const code = app.get("EvaluateCode", "aws:s3/bucketObjectv2:BucketObjectv2");
    expect(fn.inputs.s3Bucket).toBe(code.inputs.bucket);
    expect(fn.inputs.s3Key).toMatch(/^assets\/Evaluate-code-[0-9a-f]{64}\.zip$/);
    expect(fn.inputs.handler).toBe("infra-tests/fixtures/handler.handler");
  });

  it("defaults the function to nodejs24.x, x86_64, 20 s and 1024 MB, logging to its own log group", () => {
    const fn = app.get("EvaluateFunction", "aws:lambda/function:Function");
    expect(fn.inputs).toMatchObject({
      runtime: "nodejs24.x",
      architectures: ["x86_64"],
      timeout: 20,
      memorySize: 1024,
    });
    expect(fn.outputs.arn).toBe(`arn:aws:lambda:us-east-1:${DEFAULT_ACCOUNT_ID}:function:${fn.outputs.name}`);
    const logGroup = app.get("EvaluateLogGroup", "aws:cloudwatch/logGroup:LogGroup");
    expect((fn.inputs.loggingConfig as { logGroup: string }).logGroup).toBe(logGroup.outputs.name);
  });

  it("gives the function its own role, allowed dynamodb actions on the linked table and nothing else", () => {
    const fn = app.get("EvaluateFunction", "aws:lambda/function:Function");
    const role = app.get("EvaluateRole", "aws:iam/role:Role");
    const table = app.get("FindingsTable", "aws:dynamodb/table:Table");
    expect(fn.inputs.role).toBe(role.outputs.arn);
    expect(role.outputs.arn).toMatch(new RegExp(`^arn:aws:iam::${DEFAULT_ACCOUNT_ID}:role/fixture-test-EvaluateRole-`));

    const policy = inlinePolicy(role);
    expect(policy).toHaveLength(1);
    expect(policy[0]!.Effect).toBe("Allow");
    expect(list(policy[0]!.Action).every((action) => action.startsWith("dynamodb:"))).toBe(true);
    expect(list(policy[0]!.Resource)).toEqual([table.outputs.arn, `${table.outputs.arn}/*`]);
    expect(role.inputs.managedPolicyArns).toEqual(["arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole"]);
  });

  it("trusts lambda.amazonaws.com and, in SST 4.17.1, also the account root", () => {
    // function.ts tests `!dev` on an Output (always truthy), so every role gets the `sst dev` trust policy.
    // Pinned so that an SST upgrade that fixes it is noticed (Vigil's own role rules will care).
    const role = app.get("EvaluateRole", "aws:iam/role:Role");
    const trust = statements(role.inputs.assumeRolePolicy);
    expect(trust).toHaveLength(1);
    expect(trust[0]!.Action).toBe("sts:AssumeRole");
    expect(trust[0]!.Principal).toEqual({
      Service: "lambda.amazonaws.com",
      AWS: `arn:aws:iam::${DEFAULT_ACCOUNT_ID}:root`,
    });
  });

  it("answers the invokes SST makes", () => {
    const tokens = new Set(app.invokes.map((i) => i.token));
    expect(tokens).toContain("aws:iam/getPolicyDocument:getPolicyDocument");
    expect(tokens).toContain("aws:index/getPartition:getPartition");
    expect(tokens).toContain("aws:index/getRegion:getRegion");
  });

  it("retains the table, and only the table, on the prod stage", async () => {
    const prod = await runApp({ config, stage: "prod" });
    expect(prod.app.removal).toBe("retain");
    expect(prod.get("FindingsTable", "aws:dynamodb/table:Table").retainOnDelete).toBe(true);
    expect(prod.get("EvaluateRole", "aws:iam/role:Role").retainOnDelete).toBeUndefined();
    expect(prod.get("EvaluateFunction", "aws:lambda/function:Function").retainOnDelete).toBeUndefined();
  });

  it("fails the run when a handler does not exist, as the CLI's build does", async () => {
    await expect(runApp({ config: "infra-tests/fixtures/missing-handler.config.ts" })).rejects.toThrow(
      /Handler not found: infra-tests\/fixtures\/absent\.handler/,
    );
  });
});
