import { defineRule, fail, pass, undetermined } from "../../engine/rule.ts";
import { grantsAnyAction } from "../../iam/public-grants.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import type { Statement } from "../../model/policy.ts";
import { isUnknown } from "../../model/value.ts";
import { blockEvidence, blockSetting, publicBucketGrants, reportedAsPublicTrigger } from "../bucket-exposure.ts";
import { statementName } from "../public-policy.ts";

/** What a public statement can do to the bucket's data, by the actions that do it. */
const ACCESS = {
  read: ["s3:GetObject", "s3:GetObjectVersion", "s3:ListBucket", "s3:ListBucketVersions"],
  write: ["s3:PutObject", "s3:PutObjectAcl", "s3:PutObjectVersionAcl", "s3:PutBucketPolicy", "s3:PutBucketAcl"],
  delete: ["s3:DeleteObject", "s3:DeleteObjectVersion", "s3:DeleteBucket", "s3:DeleteBucketPolicy"],
} as const;
type Access = keyof typeof ACCESS;

const ALL_ACTIONS = Object.values(ACCESS).flat();

function accessOf(statement: Statement): Access[] {
  return (Object.keys(ACCESS) as Access[]).filter((access) => grantsAnyAction(statement, ACCESS[access]) === true);
}

export default defineRule({
  id: "s3-bucket-policy-public",
  title: "Bucket policy lets anyone read, write or delete the bucket's data",
  severity: "critical",
  practice: 2,
  kinds: ["s3.bucket"],
  rationale:
    "A bucket policy statement that grants `*` (without a condition pinning the caller or source) object reads, " +
    "writes or deletes is open to anonymous requests from the internet: no AWS account, no credentials. That is " +
    "the most common way data leaks from AWS, and public writes or deletes let anyone plant or destroy it, hence " +
    "critical. Public is judged as S3 Block Public Access judges it: fixed service principals are not public. " +
    "RestrictPublicBuckets (on the bucket or on the account) confines a public " +
    "policy to AWS services and the owner's account, so the bucket passes; BlockPublicPolicy only refuses new " +
    "public policies and leaves an existing one in force, so it does not count. A write into a bucket that " +
    "invokes a function is left to s3-bucket-public-write-trigger. " +
    "Only a live scan reads the account's block (unreadable, a bucket whose own block is off is undetermined); a template cannot know its account's, so templates and Config items are judged by the bucket's own block.",
  remediation: {
    summary:
      "Grant named principals or pin the statement (aws:SourceArn, aws:PrincipalOrgID), serve public content through CloudFront with origin access control, and turn on RestrictPublicBuckets.",
    cli: "aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    iac: "AWS::S3::BucketPolicy: Principal: { Service: cloudfront.amazonaws.com }, Condition: { StringEquals: { aws:SourceArn: <distribution> } }",
  },
  mappings: { owasp: ["A5", "A6"], sas: ["SAS-3"], fsbp: ["S3.2", "S3.3"] },
  check(bucket) {
    const found = publicBucketGrants(bucket, ALL_ACTIONS);
    const grants = found.grants.filter(({ statement }) => !reportedAsPublicTrigger(bucket, statement));
    const restricted = blockSetting(bucket, "restrictPublicBuckets");
    const confined = "RestrictPublicBuckets confines the public policy to AWS services and the owner's account";
    if (grants.length === 0) {
      if (found.uncertain && restricted !== true) {
        return undetermined("whether the bucket policy grants public access", found.uncertain);
      }
      if (found.uncertain) return pass(confined);
      return pass(
        found.grants.length > 0
          ? `${found.grants.map(statementName).join(", ")}: reported by s3-bucket-public-write-trigger (the bucket invokes a function)`
          : "no statement of the bucket policy lets anyone read, write or delete",
      );
    }
    if (restricted === true) return pass(confined);
    if (isUnknown(restricted)) return undetermined("RestrictPublicBuckets", restricted);
    const accesses = [...new Set(grants.flatMap(({ statement }) => accessOf(statement)))];
    const named = grants.map(
      (grant) => `${statementName(grant)} (${accessOf(grant.statement).join(", ")}): ${grant.reason}`,
    );
    const blockNote =
      blockSetting(bucket, "blockPublicPolicy") === true
        ? " (BlockPublicPolicy only refuses new public policies: this one stays in force)"
        : "";
    return fail(
      `bucket policy lets anyone ${accesses.join(", ")} — ${named.join("; ")}${blockNote}`,
      ...grants.map(({ statement }) => statementEvidence({ policy: "bucket policy", statement })),
      ...blockEvidence(bucket, "restrictPublicBuckets"),
    );
  },
});
