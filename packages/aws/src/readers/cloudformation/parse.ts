import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from "yaml";

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

  const toLongForm = (node: unknown): unknown => {
    if (node === null || node === undefined) return null;
    if (isAlias(node)) return toLongForm(node.resolve(document));
    const tag = (node as Node).tag;
    const plain = (): unknown => {
      if (isScalar(node)) {
        // An unquoted account id like 012345678901 is a string to CloudFormation, not a number.
        const source = (node.srcToken as { source?: string } | undefined)?.source;
        return typeof node.value === "number" && source && /^0\d+$/.test(source) ? source : node.value;
      }
      if (isSeq(node)) return node.items.map(toLongForm);
      if (isMap(node)) {
        const result: Record<string, unknown> = {};
        for (const pair of node.items) {
          const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
          result[key] = toLongForm(pair.value);
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
    const { line, col } = position((node as Node).range?.[0]) as { line?: number; col?: number };
    throw new TemplateParseError(`unknown tag ${tag}`, line, col);
  };

  return { document, lineCounter, value: toLongForm(document.contents) };
}
