/// <reference path="./.sst/platform/config.d.ts" />

// Vigil deploys into the account it watches. `run()` only wires the stacks together;
// each stack file owns one concern (see docs/architecture.md).
export default $config({
  app(input) {
    return {
      name: "vigil",
      home: "aws",
      // Production keeps its findings history when the app is removed.
      removal: input?.stage === "production" || input?.stage === "prod" ? "retain" : "remove",
      protect: input?.stage === "production" || input?.stage === "prod",
      // Every Vigil resource carries vigil:remediate=never: Vigil never remediates itself (its role denies it too).
      providers: { aws: { defaultTags: { tags: { "vigil:remediate": "never" } } } },
    };
  },
  async run() {
    // Order matters: function defaults are registered before any function exists.
    await import("./stacks/config.ts");
    await import("./stacks/functions.ts");
    await import("./stacks/findings.ts");
    await import("./stacks/bus.ts");
    await import("./stacks/queue.ts");
    await import("./stacks/capture.ts");
    await import("./stacks/iam-forwarder.ts");
    await import("./stacks/evaluate.ts");
    await import("./stacks/sweep.ts");
    await import("./stacks/publish.ts");
    const { sealSecrets, slackSecretIds } = await import("./stacks/secrets.ts");
    await import("./stacks/notify.ts");
    const { remediation } = await import("./stacks/remediation.ts");
    // Last: the secrets' policies name every function that was given a secret.
    sealSecrets();
    // Slack's interactivity Request URL (the app's settings), when any remediation is on.
    return { slackSecretIds, ...(remediation && { slackActionsUrl: remediation.slackActions.url }) };
  },
});
