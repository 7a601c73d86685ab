import { readOnlyPolicy } from "./permissions.ts";
import { LIVE_READERS, livePermissions } from "./read-account.ts";

/** `packages/aws/iam/vigil-read-only.json`: the policy `vigil scan` and the evaluator need, computed. */
export function publishedPolicyJson(): string {
  return `${JSON.stringify(readOnlyPolicy(livePermissions()), null, 2)}\n`;
}

/** `docs/permissions.md`, computed from the readers' declarations like the policy it publishes. */
export function permissionsDoc(): string {
  const code = (text: string) => `\`${text}\``;
  const readers = LIVE_READERS.map(
    (r) => `- **${r.service}** (${r.kinds.map(code).join(", ")}): ${r.permissions.map(code).join(", ")}`,
  );
  return `<!-- Generated from the live readers' declared permissions by packages/aws/src/readers/live/published-policy.test.ts; run \`npx vitest run packages/aws/src/readers/live/published-policy.test.ts --update\` after changing a reader. -->
# Permissions

\`vigil scan\` and Vigil's evaluator read live state with read-only calls only. Each live reader declares the IAM
actions it calls; the policy below is computed from those declarations, and a test fails when a reader sends a
command whose action is not declared. It is published as
[\`packages/aws/iam/vigil-read-only.json\`](../packages/aws/iam/vigil-read-only.json).

A denied action does not stop a scan: the fields it would have filled become _unknown_ (rules then answer "cannot
evaluate"), and the scan reports the missing permission by name. It exits \`2\` (incomplete) when a failed read
left a selected rule undetermined, or a listing failed of a kind a selected rule checks; a denied action that no
selected rule depends on does not change the exit code.

## Policy

\`\`\`json
${publishedPolicyJson().trimEnd()}
\`\`\`

\`sts:GetCallerIdentity\` is listed for clarity; AWS allows it to every principal. \`account:ListRegions\` lists the
enabled regions for \`vigil scan --region all\`, and \`ec2:DescribeRegions\` only where that fails.

## Per reader

${readers.join("\n")}

API Gateway authorises every read of both REST and HTTP APIs as \`apigateway:GET\`.

## Calls per resource

A full sweep uses list calls where AWS has them: Lambda \`ListFunctions\` (configuration of 50 functions per call),
\`ListEventSourceMappings\`, IAM \`GetAccountAuthorizationDetails\` (every role and policy with its documents),
\`ListSubscriptions\`, code-signing configurations listed once (where \`ListCodeSigningConfigs\` is denied or not
implemented, one \`GetFunctionCodeSigningConfig\` per function and one \`GetCodeSigningConfig\` per distinct
configuration instead). Per-resource calls remain where AWS has no list:
five per function (\`GetPolicy\`, \`GetFunctionUrlConfig\`, \`GetFunctionConcurrency\`, \`GetFunctionRecursionConfig\`,
\`GetFunctionEventInvokeConfig\`), one per queue, two per table, five per bucket, one per topic, subscription and rule,
three per API. \`npm run bench\` prints the figures. Lambda's fixed control-plane quota (15 requests per second
per account for most reads) bounds a full sweep: 10,000 functions take about an hour at the default budget of 12
per second, which is why the deployed service sweeps rarely and re-reads on events.

A targeted read (the event path) reads one resource and its direct neighbours: a function with \`GetFunction\`
(configuration, tags, reserved concurrency), its settings, mappings, role and the role's policies; a role with its
policies and the functions that use it. Lambda cannot list functions by role: the caller passes the users it knows
from its last inventory (\`roleUsers\`), else the read pages \`ListFunctions\` (one call per 50 functions).

Tags (\`vigil:sensitive\`, \`vigil:writes\`, required tags, \`vigil:remediate=never\`): a sweep reads those of
functions, tables, queues, topics and buckets from the Tagging API (\`tag:GetResources\`, 100 resources a call); a
targeted read asks the resource itself: \`GetFunction\` (which returns them only with \`lambda:ListTags\`, never called
otherwise), \`ListTagsOfResource\`, \`ListQueueTags\`, \`ListTagsForResource\`, \`GetBucketTagging\`. Tags that could
not be read are unknown, never "no tags": the rules on them say "cannot evaluate" and nothing is remediated.

## The deployed service's own functions

The evaluate and sweep functions hold this read-only policy on \`*\`. The remediator holds it too, and write actions
only for the plans configured \`approve\` or \`auto\`, each on its kind of resource in the account, never on a
resource tagged \`vigil:remediate=never\` or on Vigil's own ([remediation.md](remediation.md#safety-in-order)). The
Slack secrets are readable by the functions that use them and by no other principal
([deploy.md](deploy.md#slack-secrets)).
`;
}
