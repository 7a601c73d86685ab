import { describe, expect, it } from "vitest";
import { isUnknown } from "../model/value.ts";
import { accessLevelOf, actionsOfService, CATALOGUED_SERVICES, cataloguedAction } from "./catalogue.ts";

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
