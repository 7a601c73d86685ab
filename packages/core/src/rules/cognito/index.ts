import type { AnyRule } from "../../engine/rule.ts";
import cognitoUserPoolClientPasswordAuth from "./cognito-user-pool-client-password-auth.ts";
import cognitoUserPoolMfaOff from "./cognito-user-pool-mfa-off.ts";
import cognitoUserPoolPasswordWeak from "./cognito-user-pool-password-weak.ts";
import cognitoUserPoolPrivilegedAttributeMutable from "./cognito-user-pool-privileged-attribute-mutable.ts";

export const COGNITO_RULES: readonly AnyRule[] = [
  cognitoUserPoolClientPasswordAuth,
  cognitoUserPoolMfaOff,
  cognitoUserPoolPasswordWeak,
  cognitoUserPoolPrivilegedAttributeMutable,
];
