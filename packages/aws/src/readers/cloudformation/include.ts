import { readFile } from "node:fs/promises";
import { dirname, isAbsolute, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseSnippet, TemplateParseError } from "./parse.ts";

/** What an include could not bring in: the reader reports it as an input error, never as "nothing there". */
export interface IncludeProblem {
  readonly message: string;
}

const INCLUDE = "AWS::Include";

/**
 * Expands every `Fn::Transform: { Name: AWS::Include, Parameters: { Location } }` whose location is a local file
 * (relative to the including template, or `file://`), as CloudFormation does before anything else: a mapping holding
 * the transform takes the snippet's keys (its own other keys win), and a transform that is the whole value becomes
 * the snippet. Includes nest. A location that is not local (an S3 URI) or cannot be read is a problem, and the
 * transform is dropped: what it would bring in is not in the model.
 */
export async function expandIncludes(
  template: Record<string, unknown>,
  file: string,
): Promise<{ template: Record<string, unknown>; problems: IncludeProblem[] }> {
  const problems: IncludeProblem[] = [];
  const expanded = await expand(template, file, problems, [file]);
  return { template: expanded as Record<string, unknown>, problems };
}

async function expand(value: unknown, file: string, problems: IncludeProblem[], chain: string[]): Promise<unknown> {
  if (Array.isArray(value)) return Promise.all(value.map((item) => expand(item, file, problems, chain)));
  if (typeof value !== "object" || value === null) return value;
  const { "Fn::Transform": transform, ...rest } = value as Record<string, unknown>;
  const location = includeLocation(transform);
  const entries = await Promise.all(
    Object.entries(location === undefined ? value : rest).map(
      async ([key, item]) => [key, await expand(item, file, problems, chain)] as const,
    ),
  );
  const own = Object.fromEntries(entries);
  if (location === undefined) return own;
  const snippet = await readSnippet(location, file, problems, chain);
  if (snippet === undefined) return own;
  if (entries.length === 0) return snippet;
  if (typeof snippet !== "object" || snippet === null || Array.isArray(snippet)) {
    problems.push({ message: `${INCLUDE} ${location}: a snippet merged into a mapping must be a mapping` });
    return own;
  }
  return { ...snippet, ...own };
}

/** The `Location` of an `AWS::Include` transform, else undefined (other macros are not expanded). */
function includeLocation(transform: unknown): string | undefined {
  if (typeof transform !== "object" || transform === null) return undefined;
  const { Name: name, Parameters: parameters } = transform as Record<string, unknown>;
  if (name !== INCLUDE) return undefined;
  const location = (parameters as Record<string, unknown> | undefined)?.Location;
  return typeof location === "string" ? location : JSON.stringify(location);
}

async function readSnippet(
  location: string,
  file: string,
  problems: IncludeProblem[],
  chain: string[],
): Promise<unknown> {
  const path = localPath(location, file);
  if (path === undefined) {
    problems.push({ message: `${INCLUDE} ${location}: not a local file; what it includes is not read` });
    return undefined;
  }
  if (chain.includes(path)) {
    problems.push({ message: `${INCLUDE} ${location}: includes itself (${[...chain, path].join(" → ")})` });
    return undefined;
  }
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    problems.push({ message: `${INCLUDE} ${location}: cannot read: ${(error as Error).message}` });
    return undefined;
  }
  try {
    return await expand(parseSnippet(text), path, problems, [...chain, path]);
  } catch (error) {
    if (!(error instanceof TemplateParseError)) throw error;
    const at = error.line === undefined ? "" : ` (line ${error.line})`;
    problems.push({ message: `${INCLUDE} ${location}: ${error.message}${at}` });
    return undefined;
  }
}

function localPath(location: string, file: string): string | undefined {
  if (location.startsWith("file://")) return fileURLToPath(location);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(location)) return undefined;
  return isAbsolute(location) ? location : resolve(dirname(file), location);
}
