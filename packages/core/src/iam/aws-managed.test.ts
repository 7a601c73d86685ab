// biome-ignore-all lint/suspicious/noTemplateCurlyInString: CloudFormation `${…}` tokens are literal strings here, not template slips
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { iamRole, model } from "../testing/builders.ts";
import { AWS_MANAGED_DOCUMENTS, awsManagedPolicyName, rolePolicies } from "./aws-managed.ts";

/**
 * AWS's published documents, as moto (preinstalled here and in CI) ships them: read from its data module's file,
 * since importing moto.iam takes seconds. Undefined without moto.
 */
function publishedDocuments(): Record<string, { Document: unknown }> | undefined {
  try {
    const motoDir = execFileSync(
      "python3",
      ["-c", "import importlib.util as u; print(u.find_spec('moto').submodule_search_locations[0])"],
      { encoding: "utf8" },
    ).trim();
    const source = readFileSync(join(motoDir, "iam", "aws_managed_policies.py"), "utf8");
    return JSON.parse(source.slice(source.indexOf('"""') + 3, source.lastIndexOf('"""')));
  } catch {
    return undefined;
  }
}

const normalise = (document: unknown) =>
  ((document as { Statement: Record<string, unknown>[] }).Statement ?? []).map(({ Effect, Action, Resource }) => ({
    Effect,
    Action: [Action].flat().sort(),
    Resource: [Resource].flat(),
  }));

describe("AWS-managed policies", () => {
  it("names AWS-managed ARNs, paths and template partitions included", () => {
    expect(awsManagedPolicyName("arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole")).toBe(
      "AWSLambdaBasicExecutionRole",
    );
    expect(awsManagedPolicyName("arn:${AWS::Partition}:iam::aws:policy/AdministratorAccess")).toBe(
      "AdministratorAccess",
    );
    expect(awsManagedPolicyName("arn:aws:iam::123456789012:policy/mine")).toBeUndefined();
  });

  it("fills in known documents and leaves the others unknown", () => {
    const role = iamRole("r", {
      managedPolicyArns: [
        "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
        "arn:aws:iam::aws:policy/AmazonBedrockFullAccess",
      ],
    });
    const [basic, bedrock] = rolePolicies(model(role), role);
    expect(basic?.document).toMatchObject({ statements: [{ effect: "Allow" }] });
    expect(bedrock?.document).toMatchObject({ unknown: true });
  });

  it("match the documents AWS publishes (moto's copy)", (context) => {
    const published = publishedDocuments();
    if (!published) {
      if (process.env.CI) throw new Error("moto is required in CI to check AWS-managed policy documents");
      context.skip("python3 with moto is not installed: cannot compare with AWS's published documents");
      return;
    }
    for (const [name, document] of Object.entries(AWS_MANAGED_DOCUMENTS)) {
      expect(normalise(document), name).toEqual(normalise(published[name]?.Document));
    }
  });
});
