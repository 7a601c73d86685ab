/**
 * Lambda managed runtimes and their end-of-support dates, from the "Lambda runtimes" page of the AWS Lambda
 * Developer Guide (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.html), as of August 2026
 * (cross-checked against cfn-lint's `LmbdRuntimeLifecycle.json` of June 2026 and endoflife.date).
 *
 * - `deprecated`: end of support (phase 1): no more security patches, no technical support.
 * - `blockCreate`: new functions on the runtime are refused.
 * - `blockUpdate`: code and configuration updates are refused; invocations continue.
 *
 * AWS moves these dates (it extended most 2026 deadlines to 2027): update this table when the page changes.
 * Container-only runtimes (dotnet5.0, dotnet7, dotnet9) are absent: a function built from an image has no
 * `Runtime` setting to judge.
 */
export interface RuntimeLifecycle {
  readonly deprecated: string;
  readonly blockCreate?: string;
  readonly blockUpdate?: string;
}

export const LAMBDA_RUNTIMES: Readonly<Record<string, RuntimeLifecycle>> = {
  // Node.js
  nodejs: { deprecated: "2016-08-30", blockCreate: "2016-09-30", blockUpdate: "2016-10-31" },
  "nodejs4.3": { deprecated: "2020-03-05", blockCreate: "2020-02-03", blockUpdate: "2020-03-05" },
  "nodejs4.3-edge": { deprecated: "2020-03-05", blockCreate: "2019-03-31", blockUpdate: "2020-04-30" },
  "nodejs6.10": { deprecated: "2019-08-12", blockCreate: "2019-07-12", blockUpdate: "2019-08-12" },
  "nodejs8.10": { deprecated: "2020-03-06", blockCreate: "2020-02-04", blockUpdate: "2020-03-06" },
  "nodejs10.x": { deprecated: "2021-07-30", blockCreate: "2021-07-30", blockUpdate: "2022-02-14" },
  "nodejs12.x": { deprecated: "2023-03-31", blockCreate: "2023-03-31", blockUpdate: "2023-04-30" },
  "nodejs14.x": { deprecated: "2023-12-04", blockCreate: "2024-01-09", blockUpdate: "2027-03-03" },
  "nodejs16.x": { deprecated: "2024-06-12", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "nodejs18.x": { deprecated: "2025-09-01", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "nodejs20.x": { deprecated: "2026-04-30", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "nodejs22.x": { deprecated: "2027-04-30", blockCreate: "2027-06-01", blockUpdate: "2027-07-01" },
  "nodejs24.x": { deprecated: "2028-04-30", blockCreate: "2028-06-01", blockUpdate: "2028-07-01" },
  // Python
  "python2.7": { deprecated: "2021-07-15", blockCreate: "2021-07-15", blockUpdate: "2022-05-30" },
  "python3.6": { deprecated: "2022-07-18", blockCreate: "2022-07-18", blockUpdate: "2022-08-29" },
  "python3.7": { deprecated: "2023-12-04", blockCreate: "2024-01-09", blockUpdate: "2027-03-03" },
  "python3.8": { deprecated: "2024-10-14", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "python3.9": { deprecated: "2025-12-15", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "python3.10": { deprecated: "2026-10-31", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "python3.11": { deprecated: "2027-06-30", blockCreate: "2027-07-31", blockUpdate: "2027-08-31" },
  "python3.12": { deprecated: "2028-10-31", blockCreate: "2028-11-30", blockUpdate: "2029-01-10" },
  "python3.13": { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  "python3.14": { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  // Java
  java8: { deprecated: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2027-03-03" },
  "java8.al2": { deprecated: "2027-06-30", blockCreate: "2027-07-31", blockUpdate: "2027-08-31" },
  "java8.al2023": { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  java11: { deprecated: "2027-06-30", blockCreate: "2027-07-31", blockUpdate: "2027-08-31" },
  "java11.al2023": { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  java17: { deprecated: "2027-06-30", blockCreate: "2027-07-31", blockUpdate: "2027-08-31" },
  "java17.al2023": { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  java21: { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  java25: { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
  // .NET
  "dotnetcore1.0": { deprecated: "2019-06-27", blockCreate: "2019-06-30", blockUpdate: "2019-07-30" },
  "dotnetcore2.0": { deprecated: "2019-05-30", blockCreate: "2019-04-30", blockUpdate: "2019-05-30" },
  "dotnetcore2.1": { deprecated: "2022-01-05", blockCreate: "2022-01-05", blockUpdate: "2022-04-13" },
  "dotnetcore3.1": { deprecated: "2023-04-03", blockCreate: "2023-04-03", blockUpdate: "2023-05-03" },
  dotnet6: { deprecated: "2024-12-20", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  dotnet8: { deprecated: "2026-11-10", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  dotnet10: { deprecated: "2028-11-14", blockCreate: "2028-12-14", blockUpdate: "2029-01-15" },
  // Ruby
  "ruby2.5": { deprecated: "2021-07-30", blockCreate: "2021-07-30", blockUpdate: "2022-03-31" },
  "ruby2.7": { deprecated: "2023-12-07", blockCreate: "2024-01-09", blockUpdate: "2027-03-03" },
  "ruby3.2": { deprecated: "2026-03-31", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "ruby3.3": { deprecated: "2027-03-31", blockCreate: "2027-04-30", blockUpdate: "2027-05-31" },
  "ruby3.4": { deprecated: "2028-03-31", blockCreate: "2028-04-30", blockUpdate: "2028-05-31" },
  "ruby4.0": { deprecated: "2029-03-31", blockCreate: "2029-04-30", blockUpdate: "2029-05-31" },
  // OS-only (custom runtimes, Go, Rust)
  "go1.x": { deprecated: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2027-03-03" },
  provided: { deprecated: "2024-01-08", blockCreate: "2024-02-08", blockUpdate: "2027-03-03" },
  "provided.al2": { deprecated: "2026-07-31", blockCreate: "2027-02-01", blockUpdate: "2027-03-03" },
  "provided.al2023": { deprecated: "2029-06-30", blockCreate: "2029-07-31", blockUpdate: "2029-08-31" },
};

const DAY_MS = 86_400_000;

/** Whole days from `now` to the start (UTC) of an ISO date; negative once the date has passed. */
export function daysUntil(isoDate: string, now: Date): number {
  return Math.floor((Date.parse(`${isoDate}T00:00:00Z`) - now.getTime()) / DAY_MS);
}

export type RuntimeStatus =
  | { readonly state: "unlisted" }
  | { readonly state: "deprecated"; readonly lifecycle: RuntimeLifecycle; readonly daysAgo: number }
  | { readonly state: "supported"; readonly lifecycle: RuntimeLifecycle; readonly daysLeft: number };

/** Where a runtime stands on `now`; `unlisted` when the table does not know the identifier. */
export function runtimeStatus(runtime: string, now: Date): RuntimeStatus {
  const lifecycle = LAMBDA_RUNTIMES[runtime];
  if (!lifecycle) return { state: "unlisted" };
  const daysLeft = daysUntil(lifecycle.deprecated, now);
  return daysLeft <= 0
    ? { state: "deprecated", lifecycle, daysAgo: -daysLeft }
    : { state: "supported", lifecycle, daysLeft };
}

/** A sentence on what AWS blocks and when, for finding messages. */
export function describeBlocks(lifecycle: RuntimeLifecycle, now: Date): string {
  const parts: string[] = [];
  for (const [what, date] of [
    ["creating functions", lifecycle.blockCreate],
    ["updating functions", lifecycle.blockUpdate],
  ] as const) {
    if (date === undefined) continue;
    parts.push(`${what} ${daysUntil(date, now) <= 0 ? "blocked since" : "blocked from"} ${date}`);
  }
  return parts.join(", ");
}
