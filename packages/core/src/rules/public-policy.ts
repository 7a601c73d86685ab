/** Outcomes and wording of the "open to anyone" rules (functions, queues, topics), shared so they speak alike. */
import { fail, type Outcome, pass, undetermined } from "../engine/rule.ts";
import { type PolicyReading, readingOf } from "../iam/principals.ts";
import type { PublicGrant, PublicGrants } from "../iam/public-grants.ts";
import { statementEvidence } from "../iam/role-statements.ts";
import { describeTrigger } from "../model/invocation.ts";
import type { PublicInvocation } from "../model/public-invoke.ts";
import type { Resource } from "../model/resources.ts";

/**
 * The reading every public rule judges a resource policy with, as S3 Block Public Access defines public: a fixed
 * service principal is not "anyone" (one without a source condition is iam-resource-policy-confused-deputy's
 * finding), and a deployed policy's `${AWS::…}` tokens are literal text.
 */
export function publicRuleReading(resource: Resource): PolicyReading {
  return readingOf(resource, { servicesFixed: true });
}

/** `statement 2 (Sid PublicUploads)`: how messages name a statement. */
export function statementName({ statement }: PublicGrant): string {
  return statement.sid === undefined
    ? `statement ${statement.index}`
    : `statement ${statement.index} (${statement.sid})`;
}

/**
 * Fails with every public statement of the resource policy, `granting` saying what they grant (e.g. `invoke`);
 * undetermined when none is known public but one may be.
 */
export function publicPolicyOutcome(result: PublicGrants, granting: string): Outcome {
  if (result.grants.length > 0) {
    const named = result.grants.map((grant) => `${statementName(grant)}: ${grant.reason}`);
    return fail(
      `resource policy grants ${granting} to anyone — ${named.join("; ")}`,
      ...result.grants.map(({ statement }) => statementEvidence({ policy: "resource policy", statement })),
    );
  }
  if (result.uncertain)
    return undetermined(`whether the resource policy grants ${granting} to anyone`, result.uncertain);
  return pass(`no statement of the resource policy grants ${granting} to anyone`);
}

/** `function URL, resource policy statement 0 (Open)`: what exposes a function, for messages. */
export function describeExposure(invocation: PublicInvocation): string {
  return [
    ...invocation.triggers.map(describeTrigger),
    ...invocation.grants.map((grant) => `resource policy ${statementName(grant)}`),
  ].join(", ");
}
