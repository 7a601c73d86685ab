import { existsSync, readFileSync } from "node:fs";
import { extname, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError } from "@vigil/core";
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
      const module = (await import(pathToFileURL(path).href)) as { default?: unknown };
      if (module.default === undefined) throw new ConfigError(`${file}: must \`export default\` the configuration`);
      return module.default;
    }
    default:
      throw new UsageError(`${file}: a configuration is .ts, .js, .json, .yaml or .yml`);
  }
}
