import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";
import { blockEvidence, blockSetting, invokesFunction, PUBLIC_ACLS } from "../bucket-exposure.ts";

export default defineRule({
  id: "s3-bucket-acl-public",
  title: "Bucket ACL grants access to everyone or to every AWS account",
  severity: "high",
  practice: 2,
  kinds: ["s3.bucket"],
  rationale:
    "The canned ACLs PublicRead, PublicReadWrite and AuthenticatedRead (public-read, public-read-write, " +
    "authenticated-read) let anyone — or any AWS account's users, which is the same thing — list the bucket's " +
    "objects, and with PublicReadWrite write and delete them. ACLs are legacy (S3 disables them for new buckets) " +
    "and easy to miss beside a private bucket policy. IgnorePublicAcls, on the bucket or on the account, makes " +
    "S3 ignore them. A public-read-write ACL on a bucket that invokes a function is " +
    "left to s3-bucket-public-write-trigger. " +
    "Only a live scan reads the account's block (unreadable, a bucket whose own block is off is undetermined); a template cannot know its account's, so templates and Config items are judged by the bucket's own block.",
  remediation: {
    summary: "Set the ACL to private (or disable ACLs with BucketOwnerEnforced) and turn on IgnorePublicAcls.",
    cli: "aws s3api put-bucket-ownership-controls --bucket <name> --ownership-controls Rules=[{ObjectOwnership=BucketOwnerEnforced}]",
    iac: "AWS::S3::Bucket: remove AccessControl; OwnershipControls: { Rules: [{ ObjectOwnership: BucketOwnerEnforced }] }",
  },
  mappings: { owasp: ["A5", "A6"], sas: ["SAS-3"], fsbp: ["S3.2", "S3.3"] },
  check(bucket) {
    const { acl } = bucket;
    const ignored = blockSetting(bucket, "ignorePublicAcls");
    if (acl === undefined) return pass("no canned ACL: the bucket is its owner's alone");
    if (isUnknown(acl)) return ignored === true ? pass("IgnorePublicAcls is on") : undetermined("the bucket ACL", acl);
    const exposure = PUBLIC_ACLS[acl];
    if (!exposure) return pass(`ACL ${acl} grants nothing publicly`);
    if (ignored === true) return pass(`ACL ${acl} is public, but IgnorePublicAcls makes S3 ignore it`);
    if (isUnknown(ignored)) return undetermined("IgnorePublicAcls", ignored);
    if (acl === "public-read-write" && invokesFunction(bucket) === true) {
      return pass("ACL public-read-write: reported by s3-bucket-public-write-trigger (the bucket invokes a function)");
    }
    return fail(`ACL ${acl}: ${exposure}`, setting("acl", acl), ...blockEvidence(bucket, "ignorePublicAcls"));
  },
});
