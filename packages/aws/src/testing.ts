/**
 * Test doubles of @vigil/aws for the other packages' tests and benchmarks (`@vigil/aws/testing`): a call-counting
 * fake account (aws-sdk-client-mock), a moto server with a seeded vulnerable app and a throttling proxy in front
 * of it, a dynalite findings table. Never imported by production code.
 */

export * from "./local/testing/live-shaped-account.ts";
export * from "./readers/live/testing/aws-managed-details.ts";
export * from "./readers/live/testing/fake-account.ts";
export * from "./readers/live/testing/moto.ts";
export * from "./readers/live/testing/moto-app.ts";
export * from "./readers/live/testing/moto-changes.ts";
export * from "./readers/live/testing/seed.ts";
export * from "./readers/live/testing/throttling-proxy.ts";
export * from "./store/local-table.ts";
