/** The notify function's metric names, shared with the alarm on them (stacks/notify.ts). */
export const NOTIFY_SERVICE_NAME = "vigil-notify";
export const NOTIFY_METRICS_NAMESPACE = "Vigil";

/** Posts Slack refused for good (a revoked token, an unknown channel): dropped, never retried into the DLQ. */
export const SLACK_PERMANENT_FAILURES = "SlackPermanentFailures";
