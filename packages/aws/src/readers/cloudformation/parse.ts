import { type Alias, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

/** A template file that cannot be read as a CloudFormation template; `line`/`column` are 1-based. */
export class TemplateParseError extends Error {
  override name = "TemplateParseError";
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface ParsedTemplate {
  /** The template with every short-form tag turned into its long form (`!Ref X` → `{ Ref: "X" }`). */
  readonly template: Record<string, unknown>;
  /** Line of each logical id under `Resources`. */
  readonly resourceLines: ReadonlyMap<string, number>;
}

/** Short-form tags and the long-form key each becomes; `!GetAtt` and `!Condition` need their own shapes. */
const FUNCTION_TAGS = new Set([
  "Base64",
  "Cidr",
  "FindInMap",
  "GetAZs",
  "If",
  "ImportValue",
  "Join",
  "Select",
  "Split",
  "Sub",
  "Equals",
  "Not",
  "And",
  "Or",
  "Transform",
  "ToJsonString",
  "Length",
]);

/**
 * Bounds on what a hostile file can make the reader build. Aliases are expanded here, not by yaml's `toJS` (whose
 * `maxAliasCount` therefore never applies), so a few hundred bytes of nested aliases ("billion laughs") would
 * otherwise expand without bound; real templates share a few small maps, far below this.
 */
const MAX_ALIASED_NODES = 100_000;
/** Deeper than any real template, and shallow enough for every recursive walk after this one. */
const MAX_DEPTH = 200;

/** Parses a JSON or YAML template (JSON goes through the YAML parser too, so that it keeps line numbers). */
export function parseTemplate(text: string): ParsedTemplate {
  const { document, lineCounter, value: template } = parseLongForm(text);
  if (typeof template !== "object" || template === null || Array.isArray(template)) {
    throw new TemplateParseError("not a CloudFormation template: the top level is not a mapping", 1, 1);
  }
  const contents = document.contents;
  const resources = isMap(contents) ? contents.get("Resources", true) : undefined;
  if (!isMap(resources)) {
    throw new TemplateParseError("not a CloudFormation template: no Resources mapping", 1, 1);
  }
  const resourceLines = new Map<string, number>();
  for (const pair of resources.items) {
    if (isScalar(pair.key) && pair.key.range) {
      resourceLines.set(String(pair.key.value), lineCounter.linePos(pair.key.range[0]).line);
    }
  }
  return { template: template as Record<string, unknown>, resourceLines };
}

/** Parses a template snippet (what `AWS::Include` brings in): any JSON or YAML value, short-form tags allowed. */
export function parseSnippet(text: string): unknown {
  return parseLongForm(text).value;
}

function parseLongForm(text: string) {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, keepSourceTokens: true, uniqueKeys: true });
  const position = (offset: number | undefined) => (offset === undefined ? {} : lineCounter.linePos(offset));
  const firstError = document.errors[0];
  if (firstError) {
    const { line, col } = position(firstError.pos[0]) as { line?: number; col?: number };
    throw new TemplateParseError(firstError.message.split("\n")[0] ?? firstError.message, line, col, {
      cause: firstError,
    });
  }

  const errorAt = (message: string, node: unknown) => {
    const { line, col } = position((node as Node).range?.[0]) as { line?: number; col?: number };
    return new TemplateParseError(message, line, col);
  };
  // Each alias resolved once (yaml searches the whole document for its anchor), and the anchors being expanded,
  // so that an alias inside its own anchor is an error rather than endless recursion.
  const resolved = new Map<Alias, unknown>();
  const expanding = new Set<unknown>();
  let aliasedNodes = 0;

  const toLongForm = (node: unknown, depth = 0): unknown => {
    if (node === null || node === undefined) return null;
    if (depth > MAX_DEPTH) throw errorAt(`nested more than ${MAX_DEPTH} levels deep`, node);
    if (expanding.size > 0 && ++aliasedNodes > MAX_ALIASED_NODES) {
      throw errorAt(`aliases expand to more than ${MAX_ALIASED_NODES} nodes`, node);
    }
    if (isAlias(node)) {
      if (!resolved.has(node)) resolved.set(node, node.resolve(document));
      const target = resolved.get(node);
      if (expanding.has(target)) throw errorAt(`alias *${node.source} refers to a node that contains it`, node);
      expanding.add(target);
      try {
        return toLongForm(target, depth);
      } finally {
        expanding.delete(target);
      }
    }
    const tag = (node as Node).tag;
    const plain = (): unknown => {
      if (isScalar(node)) {
        // An unquoted account id like 012345678901 is a string to CloudFormation, not a number.
        const source = (node.srcToken as { source?: string } | undefined)?.source;
        return typeof node.value === "number" && source && /^0\d+$/.test(source) ? source : node.value;
      }
      if (isSeq(node)) return node.items.map((item) => toLongForm(item, depth + 1));
      if (isMap(node)) {
        const result: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          // defineProperty: a `__proto__` key is data, not the result's prototype.
          Object.defineProperty(result, key, {
            value: toLongForm(pair.value, depth + 1),
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        return result;
      }
      return node;
    };
    if (!tag?.startsWith("!") || tag.startsWith("!!")) return plain();
    const name = tag.slice(1);
    const value = plain();
    if (name === "Ref") return { Ref: value };
    if (name === "Condition") return { Condition: value };
    if (name === "GetAtt") {
      if (typeof value === "string") {
        const dot = value.indexOf(".");
        return { "Fn::GetAtt": dot < 0 ? [value] : [value.slice(0, dot), value.slice(dot + 1)] };
      }
      return { "Fn::GetAtt": value };
    }
    if (FUNCTION_TAGS.has(name)) return { [`Fn::${name}`]: value };
    throw errorAt(`unknown tag ${tag}`, node);
  };

  return { document, lineCounter, value: toLongForm(document.contents) };
}
