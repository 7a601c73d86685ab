import { defineRule, fail, pass, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";
import { BLOCK_SETTINGS, blockEvidence, blockSetting, PUBLIC_ACLS, publicBucketGrants } from "../bucket-exposure.ts";
import { statementName } from "../public-policy.ts";

export default defineRule({
  id: "s3-bucket-public-access-block-off",
  title: "Bucket that grants publicly has its public access block missing or partly off",
  severity: "medium",
  practice: 2,
  kinds: ["s3.bucket"],
  rationale:
    "S3 Block Public Access is the guard that outlives any one policy or ACL: with all four settings on, a public " +
    "grant is refused or ignored. AWS turns them on for every new bucket, so a bucket without them was opened on " +
    "purpose — and when that bucket also grants publicly (a public bucket policy statement or a public canned " +
    "ACL), nothing stops the next public grant either. A bucket that grants nothing publicly passes: the block " +
    "is worth asking for there, but it is not an exposure. Settings on at the account level count. " +
    "Only a live scan reads the account's block (unreadable, a bucket whose own block is off is undetermined); a template cannot know its account's, so templates and Config items are judged by the bucket's own block.",
  remediation: {
    summary: "Turn on all four public access block settings (and serve public content through CloudFront instead).",
    cli: "aws s3api put-public-access-block --bucket <name> --public-access-block-configuration BlockPublicAcls=true,IgnorePublicAcls=true,BlockPublicPolicy=true,RestrictPublicBuckets=true",
    iac: "AWS::S3::Bucket: PublicAccessBlockConfiguration: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true }",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-3"], fsbp: ["S3.8"] },
  check(bucket) {
    const settings = BLOCK_SETTINGS.map((name) => ({ name, on: blockSetting(bucket, name) }));
    const off = settings.filter(({ on }) => on === false).map(({ name }) => name);
    const unresolved = settings.find(({ on }) => isUnknown(on))?.on;
    if (off.length === 0 && !isUnknown(unresolved)) return pass("all four public access block settings are on");

    const policy = publicBucketGrants(bucket);
    const { acl } = bucket;
    const grantors = [
      ...policy.grants.map((grant) => `bucket policy ${statementName(grant)}`),
      ...(typeof acl === "string" && PUBLIC_ACLS[acl] ? [`ACL ${acl}`] : []),
    ];
    if (grantors.length === 0) {
      if (policy.uncertain) return undetermined("whether the bucket policy grants public access", policy.uncertain);
      if (isUnknown(acl)) return undetermined("the bucket ACL", acl);
      return pass("the bucket grants nothing publicly");
    }
    if (off.length === 0 && isUnknown(unresolved)) return undetermined("a public access block setting", unresolved);
    const state =
      bucket.publicAccessBlock || bucket.accountPublicAccessBlock
        ? `public access block settings off: ${off.join(", ")}`
        : "no public access block";
    return fail(
      `bucket grants publicly (${grantors.join(", ")}) with ${state}`,
      ...off.flatMap((name) => blockEvidence(bucket, name)),
    );
  },
});
