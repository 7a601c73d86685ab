// The schema file alone: the package index would pull the AWS SDK clients into the deploy program.
import { findingsTableSchema } from "../packages/aws/src/store/schema.ts";
import { isProduction } from "./config.ts";

/** One item per (resource, rule) plus its transition history; the stream feeds the publisher. */
export const findingsTable = new sst.aws.Dynamo("Findings", {
  ...findingsTableSchema,
  stream: "new-and-old-images",
  deletionProtection: isProduction,
  transform: {
    table: {
      pointInTimeRecovery: { enabled: true },
      serverSideEncryption: { enabled: true },
    },
  },
});
