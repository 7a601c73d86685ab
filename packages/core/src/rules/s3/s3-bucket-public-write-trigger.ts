import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import { isUnknown } from "../../model/value.ts";
import {
  blockEvidence,
  blockSetting,
  invokesFunction,
  OBJECT_WRITE_ACTIONS,
  publicBucketGrants,
} from "../bucket-exposure.ts";
import { statementName } from "../public-policy.ts";

export default defineRule({
  id: "s3-bucket-public-write-trigger",
  title: "Anyone can write objects into a bucket that triggers a function",
  severity: "critical",
  practice: 2,
  kinds: ["s3.bucket"],
  rationale:
    "A bucket whose uploads invoke a function turns a public write grant (a bucket policy giving s3:PutObject to " +
    "`*`, or the public-read-write ACL) into a public trigger: anyone can feed the function crafted objects and " +
    "run up its invocations and storage. The bucket's public access block neutralises it (RestrictPublicBuckets " +
    "for policies, IgnorePublicAcls for ACLs), at the bucket or the account level; BlockPublicPolicy " +
    "only refuses new policies and leaves an existing one in force, so it does not count. " +
    "Only a live scan reads the account's block (unreadable, a bucket whose own block is off is undetermined); a template cannot know its account's, so templates and Config items are judged by the bucket's own block.",
  remediation: {
    summary: "Remove the public write grant and enable the bucket's public access block.",
    cli: "aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    iac: "AWS::S3::Bucket: PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }",
  },
  mappings: { owasp: ["A5", "A6"], sas: ["SAS-3"], fsbp: ["S3.3"] },
  check(bucket) {
    const invokes = invokesFunction(bucket);
    if (isUnknown(invokes)) return undetermined("the bucket's notifications", invokes);
    if (!invokes) return pass("no notification invokes a function");

    const byPolicy = publicBucketGrants(bucket, OBJECT_WRITE_ACTIONS);
    const policyRestricted = blockSetting(bucket, "restrictPublicBuckets");
    const acl = bucket.acl;
    const aclIgnored = blockSetting(bucket, "ignorePublicAcls");

    if (byPolicy.grants.length > 0 && policyRestricted !== true) {
      if (isUnknown(policyRestricted)) return undetermined("RestrictPublicBuckets", policyRestricted);
      return fail(
        `bucket policy lets anyone write objects that invoke a function — ${byPolicy.grants.map(statementName).join(", ")}`,
        ...byPolicy.grants.map(({ statement }) => statementEvidence({ policy: "bucket policy", statement })),
        ...blockEvidence(bucket, "restrictPublicBuckets"),
      );
    }
    if (acl === "public-read-write" && aclIgnored !== true) {
      if (isUnknown(aclIgnored)) return undetermined("IgnorePublicAcls", aclIgnored);
      return fail(
        "ACL public-read-write lets anyone write objects that invoke a function",
        setting("acl", acl),
        ...blockEvidence(bucket, "ignorePublicAcls"),
      );
    }
    if (byPolicy.uncertain && policyRestricted !== true) {
      return undetermined("whether the bucket policy grants public writes", byPolicy.uncertain);
    }
    if (isUnknown(acl) && aclIgnored !== true) return undetermined("the bucket ACL", acl);
    return pass("no public write reaches the bucket");
  },
});
