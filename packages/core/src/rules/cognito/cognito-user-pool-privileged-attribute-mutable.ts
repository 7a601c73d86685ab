import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, pass, setting, undetermined } from "../../engine/rule.ts";
import type { CognitoUserPoolClient } from "../../model/resources.ts";
import { isUnknown, type Unknown } from "../../model/value.ts";

/**
 * Words that make a custom attribute an authorization input when they are a whole word of its name
 * (`custom:role`, `custom:is_admin`, `custom:tenantId`): kept small so that `custom:roleplay_level` is no finding.
 */
const PRIVILEGE_WORDS = [
  "admin",
  "administrator",
  "role",
  "roles",
  "group",
  "groups",
  "permission",
  "permissions",
  "tenant",
  "scope",
  "scopes",
];

/** `custom:isAdmin` → `is`, `admin`; `custom:tenant_id` → `tenant`, `id`. */
function words(name: string): string[] {
  return name
    .replace(/^custom:/, "")
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

function isPrivilegeAttribute(name: string): boolean {
  return name.startsWith("custom:") && words(name).some((word) => PRIVILEGE_WORDS.includes(word));
}

/** Whether a user can write `attribute` through `client`: yes unless the client's write list leaves it out. */
function writable(client: CognitoUserPoolClient, attribute: string): boolean | Unknown {
  const allowed = client.writeAttributes;
  if (allowed === undefined) return true;
  if (isUnknown(allowed)) return allowed;
  return allowed.includes(attribute);
}

export default defineRule({
  id: "cognito-user-pool-privileged-attribute-mutable",
  title: "User pool lets users change a custom attribute that grants privilege",
  severity: "high",
  practice: 2,
  kinds: ["cognito.user-pool"],
  rationale:
    "A custom attribute named for a role, group, tenant or admin flag ends up in the ID token, where functions and " +
    "authorizers read it as a grant. Mutable attributes are writable by the users themselves (UpdateUserAttributes " +
    "with their own access token) through every app client whose WriteAttributes do not leave them out, the " +
    "default: any user can make themselves admin. Privilege words: admin, administrator, role(s), group(s), " +
    "permission(s), tenant, scope(s), as a whole word of the name.",
  remediation: {
    summary:
      "Leave the attribute out of every app client's WriteAttributes (set it with AdminUpdateUserAttributes only), " +
      "or use Cognito groups (cognito:groups) for roles.",
    cli:
      "aws cognito-idp update-user-pool-client --user-pool-id <id> --client-id <client> " +
      "--write-attributes email name  # every attribute users may set, without the privileged one",
    iac: "AWS::Cognito::UserPoolClient: WriteAttributes: [email, name]",
  },
  mappings: { owasp: ["A5"], sas: ["SAS-2"] },
  check(pool) {
    const attributes = pool.customAttributes;
    if (isUnknown(attributes)) return undetermined("the pool's custom attributes", attributes);
    const privileged = attributes.filter((a) => isPrivilegeAttribute(a.name));
    if (privileged.length === 0) return pass("no custom attribute names a privilege");
    const parts = privileged.map((attribute): Outcome => {
      if (isUnknown(attribute.mutable)) return undetermined(`whether ${attribute.name} is mutable`, attribute.mutable);
      if (!attribute.mutable) return pass();
      if (isUnknown(pool.clients)) return undetermined("the pool's app clients", pool.clients);
      // No client yet: nobody can sign in to write it; a client added later writes every attribute by default.
      if (pool.clients.length === 0) return pass(`${attribute.name} is mutable, but the pool has no app client yet`);
      const label = (client: CognitoUserPoolClient, i: number) =>
        typeof client.name === "string" ? client.name : `client ${i}`;
      const verdicts = pool.clients.map((client) => writable(client, attribute.name));
      const through = pool.clients.map(label).filter((_, i) => verdicts[i] === true);
      if (through.length > 0) {
        return fail(
          `users can set ${attribute.name} themselves through ${through.join(", ")}`,
          setting(`customAttributes[${attributes.indexOf(attribute)}].mutable`, true),
        );
      }
      const unread = verdicts.find(isUnknown);
      return unread ? undetermined(`the write attributes of the pool's clients`, unread) : pass();
    });
    return combineOutcomes(parts, "no app client lets users write a privileged attribute");
  },
});
