/**
 * Test doubles of @vigil/aws for the other packages' tests and benchmarks (`@vigil/aws/testing`): a call-counting
 * fake account (aws-sdk-client-mock), a moto server, a dynalite findings table. Never imported by production code.
 */
export * from "./readers/live/testing/fake-account.ts";
export * from "./readers/live/testing/moto.ts";
export * from "./store/testing/local-table.ts";
