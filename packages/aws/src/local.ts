/**
 * What `vigil local` runs on, apart from the package index: the embedded findings table (dynalite on 127.0.0.1) and
 * the in-memory AWS account that the live readers read. Neither dynalite and its native LevelDB binding nor the
 * model account must ever reach a Lambda bundle.
 */

export * from "./local/as-deployed.ts";
export * from "./local/model-account.ts";
export * from "./store/local-table.ts";
