/**
 * Bundle size and cold import time of each Lambda handler, built the way SST builds them (esbuild, ESM, node
 * platform, minified; `mainFields: module, main` as the SDK's ESM builds need).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { build } from "esbuild";

const HANDLERS_DIR = path.join(import.meta.dirname, "..", "packages", "functions", "src");

export interface BundleFigures {
  readonly handler: string;
  readonly bytes: number;
  /** Median of a few fresh `node` processes importing the bundle. */
  readonly importMs: number;
}

function handlers(): string[] {
  return readdirSync(HANDLERS_DIR)
    .filter((entry) => statSync(path.join(HANDLERS_DIR, entry)).isDirectory())
    .filter((entry) => readdirSync(path.join(HANDLERS_DIR, entry)).includes("handler.ts"));
}

function importMs(file: string, runs: number): number {
  const script = `const t = performance.now(); await import(${JSON.stringify(file)}); console.log(performance.now() - t);`;
  const once = () => {
    try {
      return Number(
        execFileSync(process.execPath, ["--input-type=module", "-e", script], {
          env: { ...process.env, AWS_REGION: "us-east-1", POWERTOOLS_METRICS_DISABLED: "true" },
          stdio: ["ignore", "pipe", "pipe"],
        }).toString(),
      );
    } catch (error) {
      // The end of stderr holds the error; the rest is the minified bundle the stack points into.
      const stderr = String((error as { stderr?: Buffer }).stderr ?? "");
      throw new Error(
        `${path.basename(file)} does not load: ${stderr.trim().split("\n").slice(-4).join(" | ").slice(0, 600)}`,
      );
    }
  };
  const times = Array.from({ length: runs }, once);
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}

/** Builds every handler and imports each bundle in `runs` fresh processes (a bundle that cannot load throws). */
export async function benchBundles(runs = 3): Promise<BundleFigures[]> {
  const out = mkdtempSync(path.join(tmpdir(), "vigil-bundles-"));
  try {
    const figures: BundleFigures[] = [];
    for (const handler of handlers()) {
      const outfile = path.join(out, `${handler}.mjs`);
      await build({
        entryPoints: [path.join(HANDLERS_DIR, handler, "handler.ts")],
        bundle: true,
        format: "esm",
        platform: "node",
        target: "node24",
        minify: true,
        mainFields: ["module", "main"],
        outfile,
        // What SST's ESM banner does: a `require` for the CommonJS dependencies inside the bundle.
        banner: { js: 'import { createRequire } from "node:module"; const require = createRequire(import.meta.url);' },
        logLevel: "silent",
      });
      figures.push({ handler, bytes: statSync(outfile).size, importMs: importMs(outfile, runs) });
    }
    return figures;
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
