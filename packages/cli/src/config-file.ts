import { existsSync, readFileSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "@vigil/core";
import { tsImport } from "tsx/esm/api";
import { parseDocument } from "yaml";
import { UsageError } from "./errors.ts";

export const CONFIG_FILE_NAMES = [
  "vigil.config.ts",
  "vigil.config.js",
  "vigil.config.json",
  "vigil.config.yaml",
  "vigil.config.yml",
] as const;

export interface LoadedConfig {
  /** Path as the user knows it (relative to the working directory); absent when no file was found. */
  readonly file?: string;
  /** Unvalidated: `resolveConfig` checks it against the schema and the catalogue. */
  readonly input: unknown;
}

/** Reads `--config <file>` or the one `vigil.config.*` in the working directory; none means defaults. */
export async function loadConfig(cwd: string, explicit?: string): Promise<LoadedConfig> {
  let path: string;
  if (explicit !== undefined) {
    path = resolve(cwd, explicit);
    if (!existsSync(path)) throw new UsageError(`--config ${explicit}: no such file`);
  } else {
    const found = CONFIG_FILE_NAMES.filter((name) => existsSync(join(cwd, name)));
    if (found.length === 0) return { input: {} };
    if (found.length > 1) {
      throw new UsageError(`found ${found.join(" and ")}: keep one, or choose with --config <file>`);
    }
    path = join(cwd, found[0]!);
  }
  const file = relative(cwd, path) || path;
  return { file, input: await parseConfigFile(path, file) };
}

async function parseConfigFile(path: string, file: string): Promise<unknown> {
  switch (extname(path)) {
    case ".json":
      try {
        return JSON.parse(readFileSync(path, "utf8"));
      } catch (error) {
        throw new ConfigError(`${file}: ${(error as Error).message}`, { cause: error });
      }
    case ".yaml":
    case ".yml": {
      const document = parseDocument(readFileSync(path, "utf8"));
      const [first] = document.errors;
      if (first) {
        const at = first.linePos?.[0];
        throw new ConfigError(`${file}${at ? `:${at.line}:${at.col}` : ""}: ${first.message.split("\n")[0]}`, {
          cause: first,
        });
      }
      return document.toJS();
    }
    case ".ts":
    case ".mts":
    case ".js":
    case ".mjs": {
      const exported = await importConfigModule(path, file);
      if (exported === undefined) throw new ConfigError(`${file}: must \`export default\` the configuration`);
      return exported;
    }
    default:
      throw new UsageError(`${file}: a configuration is .ts, .js, .json, .yaml or .yml`);
  }
}

/**
 * The default export of a `.ts`/`.js` configuration. tsx's scoped import, not a bare `import()`: outside a
 * `"type": "module"` package tsx compiles the file to CommonJS, and a bare import of it then fails on Node 20
 * (ERR_REQUIRE_CYCLE_MODULE) even when the file is valid. A file that does not compile or throws is the user's
 * configuration error, reported with its position, not a crash.
 */
async function importConfigModule(path: string, file: string): Promise<unknown> {
  let namespace: { default?: unknown };
  try {
    namespace = await tsImport(pathToFileURL(path).href, import.meta.url);
  } catch (error) {
    throw new ConfigError(`${file}${loadErrorPosition(error)}: ${loadErrorMessage(error)}`, { cause: error });
  }
  // Compiled to CommonJS, the module's exports object is the namespace's default, holding the real default.
  const exported = namespace.default as { __esModule?: boolean; default?: unknown } | undefined;
  return exported !== null && typeof exported === "object" && exported.__esModule ? exported.default : exported;
}

/** esbuild's `path:line:column: ERROR: text` (column 0-based), or the `path:line` that starts a V8 SyntaxError's stack. */
function loadErrorPosition(error: unknown): string {
  const esbuild = /:(\d+):(\d+): ERROR: /.exec(String((error as Error).message));
  if (esbuild) return `:${esbuild[1]}:${Number(esbuild[2]) + 1}`;
  const line = /^[^\n]*:(\d+)\n/.exec((error as Error).stack ?? "")?.[1];
  return line === undefined ? "" : `:${line}`;
}

function loadErrorMessage(error: unknown): string {
  const esbuild = /: ERROR: (.*)/.exec(String((error as Error).message))?.[1];
  if (esbuild) return esbuild;
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.split("\n")[0] ?? message;
}
