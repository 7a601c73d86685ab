import { defineRule, fail, notApplicable, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "lambda-code-signing-not-enforced",
  title: "Function does not enforce code signing",
  severity: "low",
  practice: 4,
  ruleset: "strict",
  kinds: ["lambda.function"],
  rationale:
    "Code signing makes Lambda refuse a deployment package that was not signed by an approved signing profile, so " +
    "a leaked deploy credential or a tampered build artifact cannot ship code. With UntrustedArtifactOnDeployment " +
    "set to Warn, an unsigned package is only logged and still deployed.",
  remediation: {
    summary: "Attach a code signing configuration whose untrusted-artifact policy is Enforce, and sign your builds.",
    cli:
      "aws lambda create-code-signing-config --allowed-publishers SigningProfileVersionArns=<profile-version-arn> " +
      "--code-signing-policies UntrustedArtifactOnDeployment=Enforce && " +
      "aws lambda put-function-code-signing-config --function-name <name> --code-signing-config-arn <config-arn>",
    iac: "AWS::Lambda::CodeSigningConfig: CodeSigningPolicies: UntrustedArtifactOnDeployment: Enforce",
  },
  mappings: { owasp: ["A9"], sas: ["SAS-3", "SAS-6"] },
  check(fn) {
    // Lambda code signing covers .zip packages only; images are verified by their registry.
    if (fn.packageType === "Image")
      return notApplicable("container image: Lambda code signing applies to .zip packages");
    const { codeSigning } = fn;
    if (codeSigning === undefined) {
      return fail("no code signing configuration: any package is accepted", setting("codeSigning", null));
    }
    if (isUnknown(codeSigning)) return undetermined("the code signing configuration", codeSigning);
    const policy = codeSigning.untrustedArtifactOnDeployment;
    if (isUnknown(policy)) return undetermined("the code signing policy", policy);
    if (policy === "Warn") {
      return fail(
        "code signing policy is Warn: unsigned packages are logged but still deployed",
        setting("codeSigning.untrustedArtifactOnDeployment", policy),
      );
    }
    return pass("code signing is enforced");
  },
});
