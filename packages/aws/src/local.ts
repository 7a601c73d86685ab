/**
 * The embedded findings table of `vigil local` (dynalite on 127.0.0.1), apart from the package index: dynalite and
 * its native LevelDB binding must never reach a Lambda bundle.
 */
export * from "./store/local-table.ts";
