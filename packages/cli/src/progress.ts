import type { OutputStream } from "./io.ts";

/** One step of a long read, keyed by what it is about (e.g. a region and a resource kind). */
export type ProgressEvent =
  | { readonly type: "started"; readonly key: string }
  | { readonly type: "progress"; readonly key: string; readonly done: number; readonly total?: number }
  | { readonly type: "finished"; readonly key: string; readonly summary: string };

const BAR_WIDTH = 20;

interface Line {
  done: number;
  total?: number;
  summary?: string;
}

/**
 * Progress on stderr: on a terminal, one bar per key redrawn in place; otherwise one plain line per finished key,
 * so that CI logs stay readable.
 */
export class ProgressRenderer {
  readonly #lines = new Map<string, Line>();
  #drawn = 0;

  constructor(private readonly stream: OutputStream) {}

  get #interactive(): boolean {
    return this.stream.isTTY === true;
  }

  update(event: ProgressEvent): void {
    const line = this.#lines.get(event.key) ?? { done: 0 };
    this.#lines.set(event.key, line);
    if (event.type === "progress") {
      line.done = event.done;
      if (event.total !== undefined) line.total = event.total;
    }
    if (event.type === "finished") {
      line.summary = event.summary;
      if (!this.#interactive) this.stream.write(`vigil: ${event.key}: ${event.summary}\n`);
    }
    if (this.#interactive) this.#redraw();
  }

  #redraw(): void {
    // Move up over the block drawn last time, then rewrite every line (clearing each).
    let text = this.#drawn > 0 ? `\x1b[${this.#drawn}A` : "";
    const width = Math.max(...[...this.#lines.keys()].map((key) => key.length));
    for (const [key, line] of this.#lines) text += `\x1b[2K${key.padEnd(width)}  ${bar(line)}\n`;
    this.#drawn = this.#lines.size;
    this.stream.write(text);
  }
}

function bar(line: Line): string {
  if (line.summary !== undefined) return `[${"#".repeat(BAR_WIDTH)}] ${line.summary}`;
  if (line.total === undefined || line.total === 0) return `[${" ".repeat(BAR_WIDTH)}] ${line.done} read…`;
  const filled = Math.min(BAR_WIDTH, Math.round((line.done / line.total) * BAR_WIDTH));
  return `[${"#".repeat(filled)}${" ".repeat(BAR_WIDTH - filled)}] ${line.done}/${line.total}`;
}
