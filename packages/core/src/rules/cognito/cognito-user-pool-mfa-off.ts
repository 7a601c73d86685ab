import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

export default defineRule({
  id: "cognito-user-pool-mfa-off",
  title: "User pool has multi-factor authentication turned off",
  severity: "medium",
  practice: 2,
  kinds: ["cognito.user-pool"],
  rationale:
    "With MFA off, a phished, reused or sprayed password alone yields tokens that the API's Cognito authorizer " +
    "accepts. Optional MFA passes: users who enrol are protected, and requiring it is a product decision for " +
    "customer-facing pools; the finding is for pools that offer no second factor at all. cdk-nag checks the same " +
    "as AwsSolutions-COG2 (which also wants MFA required).",
  remediation: {
    summary: "Turn MFA on (required for staff and admin pools, at least optional for customers) with TOTP.",
    cli: "aws cognito-idp set-user-pool-mfa-config --user-pool-id <id> --mfa-configuration ON --software-token-mfa-configuration Enabled=true",
    iac: 'AWS::Cognito::UserPool: MfaConfiguration: "ON", EnabledMfas: [SOFTWARE_TOKEN_MFA]',
  },
  mappings: { owasp: ["A2"], sas: ["SAS-2"] },
  check(pool) {
    const mfa = pool.mfa;
    if (isUnknown(mfa)) return undetermined("the pool's MFA configuration", mfa);
    if (mfa === "OFF") return fail("MFA is off: a password alone signs a user in", setting("mfa", mfa));
    if (mfa === "OPTIONAL") return pass("MFA is optional: users who do not enrol sign in with a password alone");
    return pass("MFA is required");
  },
});
