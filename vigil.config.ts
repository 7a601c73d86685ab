import type { VigilConfigInput } from "@vigil/core";

// Vigil's configuration: read by the `vigil` CLI and, validated with the same schema, by the stacks at deploy.
const config: VigilConfigInput = {
  service: {
    coalescingWindowSeconds: 60,
    sweepSchedule: "rate(1 day)",
  },
  // Vigil's own accepted findings, time-boxed (the infra-tests run Vigil's rules on its stacks). The patterns match
  // only the names SST gives Vigil's resources (`vigil-<stage>-<Name>...`).
  exemptions: [
    {
      rule: "iam-role-inline-policy",
      resource: "vigil-*Role-*",
      reason: "SST 4 writes each function's least-privilege grants as one inline policy, reviewed by infra-tests",
      expires: "2027-06-30",
    },
    {
      rule: "lambda-code-signing-not-enforced",
      resource: "vigil-*Function-*",
      reason: "deploys build from the reviewed repository; a signing profile joins the release pipeline",
      expires: "2027-06-30",
    },
    {
      rule: "lambda-url-auth-none",
      resource: "vigil-*SlackActionsFunction-*",
      reason: "Slack cannot sign SigV4: the URL is public and every request must carry Slack's v0 signature",
      expires: "2027-06-30",
    },
    {
      rule: "lambda-trigger-loop",
      resource: "vigil-*EvaluateFunction-*",
      reason: "evaluate re-queues a change's dependants once: their messages carry dependantOf and fan out no further",
      expires: "2027-06-30",
    },
  ],
};

export default config;
