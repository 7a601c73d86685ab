import { defineRule, fail, pass, setting, undetermined } from "../../engine/rule.ts";
import { isUnknown } from "../../model/value.ts";

/** Below this, or with a character class not required, a password policy is weak (cdk-nag AwsSolutions-COG1 agrees). */
const MINIMUM_LENGTH = 8;
const CLASSES = ["requireUppercase", "requireLowercase", "requireNumbers", "requireSymbols"] as const;

export default defineRule({
  id: "cognito-user-pool-password-weak",
  title: "User pool accepts short passwords or passwords without every character class",
  severity: "medium",
  practice: 2,
  kinds: ["cognito.user-pool"],
  rationale:
    "The user pool's password policy is the only barrier between a guessed or sprayed password and a token that the " +
    "API's Cognito authorizer accepts. Fewer than 8 characters, or a policy that does not require upper case, lower " +
    "case, numbers and symbols, lets the most common leaked passwords through. cdk-nag checks the same as " +
    "AwsSolutions-COG1.",
  remediation: {
    summary: "Require at least 8 characters (12 or more is better) with upper case, lower case, numbers and symbols.",
    cli:
      "aws cognito-idp update-user-pool --user-pool-id <id> --policies " +
      "'PasswordPolicy={MinimumLength=12,RequireUppercase=true,RequireLowercase=true,RequireNumbers=true,RequireSymbols=true}'",
    iac:
      "AWS::Cognito::UserPool: Policies: { PasswordPolicy: { MinimumLength: 12, RequireUppercase: true, " +
      "RequireLowercase: true, RequireNumbers: true, RequireSymbols: true } }",
  },
  mappings: { owasp: ["A2"], sas: ["SAS-2"] },
  check(pool) {
    const policy = pool.passwordPolicy;
    const length = policy.minimumLength;
    const short = typeof length === "number" && length < MINIMUM_LENGTH;
    const missing = CLASSES.filter((key) => policy[key] === false);
    // A known weakness is reported even when another setting is unknown.
    if (short || missing.length > 0) {
      const weaknesses = [
        ...(short ? [`passwords may be ${length} characters`] : []),
        ...(missing.length > 0 ? [`${missing.length} of the 4 character classes not required`] : []),
      ];
      return fail(
        weaknesses.join("; "),
        ...(short ? [setting("passwordPolicy.minimumLength", length)] : []),
        ...missing.map((key) => setting(`passwordPolicy.${key}`, false)),
      );
    }
    if (isUnknown(length)) return undetermined("the minimum password length", length);
    for (const key of CLASSES) {
      const required = policy[key];
      if (isUnknown(required)) return undetermined(`the password policy's ${key}`, required);
    }
    return pass(`passwords need at least ${length} characters with every character class`);
  },
});
