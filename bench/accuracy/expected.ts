import { existsSync, readFileSync } from "node:fs";

/** One weakness a reviewer would raise, as a row of an app's EXPECTED.md table. */
export interface ExpectedRow {
  readonly resource: string;
  readonly weakness: string;
  /** Vigil rule ids that catch it; empty when no rule covers it (`—`). */
  readonly vigil: readonly string[];
  /** cdk-nag rule ids (AwsSolutions / Serverless) that flag it; empty for `—`. */
  readonly cdkNag: readonly string[];
  readonly line: number;
}

export interface ExpectedApp {
  readonly title: string;
  readonly verdict: "benign" | "planted";
  readonly rows: readonly ExpectedRow[];
}

export class ExpectedFormatError extends Error {
  override readonly name = "ExpectedFormatError";
  constructor(file: string, line: number, message: string) {
    super(`${file}:${line}: ${message}`);
  }
}

const HEADER = "| Resource | Weakness | Vigil | cdk-nag |";
const SEPARATOR = /^\|\s*-{3,}\s*\|\s*-{3,}\s*\|\s*-{3,}\s*\|\s*-{3,}\s*\|$/;
const NONE = "—";

/** Cells of a table row; `\|` inside a cell is a literal bar. */
function cells(line: string): string[] {
  return line
    .slice(1, -1)
    .split(/(?<!\\)\|/)
    .map((cell) => cell.trim().replaceAll("\\|", "|"));
}

/** `` `a` or `b` `` → ["a", "b"]; `—` → []; anything else is malformed. */
function ruleIds(cell: string, file: string, line: number, column: string): string[] {
  if (cell === NONE) return [];
  const ids = cell.split(/\s+or\s+/).map((part) => /^`([A-Za-z0-9-]+)`$/.exec(part)?.[1]);
  if (ids.some((id) => id === undefined)) {
    throw new ExpectedFormatError(
      file,
      line,
      `${column}: expected \`rule-id\` [or \`rule-id\` …] or ${NONE}, got "${cell}"`,
    );
  }
  return ids as string[];
}

/**
 * Parses an EXPECTED.md strictly: `# title`, a paragraph saying **benign** or **planted**, then exactly one
 * `| Resource | Weakness | Vigil | cdk-nag |` table (no rows for a benign app, at least one for a planted one).
 */
export function parseExpected(text: string, file: string): ExpectedApp {
  const lines = text.split(/\r?\n/);
  const title = /^# (.+)$/.exec(lines[0] ?? "")?.[1]?.trim();
  if (!title) throw new ExpectedFormatError(file, 1, "the first line must be `# <title>`");
  const headerIndex = lines.findIndex((l) => l.trim().startsWith("|"));
  if (headerIndex < 0) throw new ExpectedFormatError(file, lines.length, `no table; expected "${HEADER}"`);
  const prose = lines.slice(1, headerIndex).join("\n");
  const benign = /\*\*benign\*\*/i.test(prose);
  const planted = /\*\*planted\*\*/i.test(prose);
  if (benign === planted) {
    throw new ExpectedFormatError(file, 2, "the paragraph must say exactly one of **benign** or **planted**");
  }
  if (lines[headerIndex]!.trim() !== HEADER) {
    throw new ExpectedFormatError(file, headerIndex + 1, `the table header must be "${HEADER}"`);
  }
  if (!SEPARATOR.test(lines[headerIndex + 1]?.trim() ?? "")) {
    throw new ExpectedFormatError(file, headerIndex + 2, "the header must be followed by `| --- | --- | --- | --- |`");
  }
  const rows: ExpectedRow[] = [];
  let index = headerIndex + 2;
  for (; index < lines.length && lines[index]!.trim().startsWith("|"); index++) {
    const line = index + 1;
    const text = lines[index]!.trim();
    const row = text.endsWith("|") ? cells(text) : [];
    if (row.length !== 4) throw new ExpectedFormatError(file, line, "a row must have 4 cells");
    const [resource, weakness, vigil, cdkNag] = row as [string, string, string, string];
    if (!/^\S+$/.test(resource)) throw new ExpectedFormatError(file, line, `Resource: "${resource}" is not an id`);
    if (weakness === "") throw new ExpectedFormatError(file, line, "Weakness is empty");
    rows.push({
      resource,
      weakness,
      vigil: ruleIds(vigil, file, line, "Vigil"),
      cdkNag: ruleIds(cdkNag, file, line, "cdk-nag"),
      line,
    });
  }
  const extraTable = lines.slice(index).findIndex((l) => l.trim().startsWith("|"));
  if (extraTable >= 0) throw new ExpectedFormatError(file, index + extraTable + 1, "only one table is allowed");
  if (benign && rows.length > 0) throw new ExpectedFormatError(file, headerIndex + 3, "a benign app has no rows");
  if (planted && rows.length === 0) throw new ExpectedFormatError(file, headerIndex + 2, "a planted app needs rows");
  return { title, verdict: benign ? "benign" : "planted", rows };
}

export function readExpected(file: string): ExpectedApp {
  if (!existsSync(file)) throw new ExpectedFormatError(file, 1, "missing: every corpus app needs an EXPECTED.md");
  return parseExpected(readFileSync(file, "utf8"), file);
}
