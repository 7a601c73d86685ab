import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { type ExpectedApp, readExpected } from "./expected.ts";
import { type AppInput, findInput, readInput } from "./inputs.ts";
import { type AppScore, scoreApp } from "./score.ts";
import { vigilFindings } from "./vigil.ts";

export const CORPUS = join(import.meta.dirname, "..", "..", "examples", "corpus");

export interface CorpusApp {
  readonly name: string;
  readonly folder: string;
  readonly expected: ExpectedApp;
  readonly input: AppInput;
}

/** Every app folder of the corpus, its EXPECTED.md parsed (a malformed one throws, naming file and line). */
export function corpusApps(select: (name: string) => boolean = () => true, root = CORPUS): CorpusApp[] {
  return readdirSync(root)
    .filter((name) => statSync(join(root, name)).isDirectory() && select(name))
    .sort()
    .map((name) => {
      const folder = join(root, name);
      return { name, folder, expected: readExpected(join(folder, "EXPECTED.md")), input: findInput(folder) };
    });
}

export interface VigilRun {
  readonly app: CorpusApp;
  readonly inputErrors: readonly string[];
  readonly score: AppScore;
}

/** Vigil on one app: its input read as the CLI reads it, the default rules, failing results scored. */
export async function runVigil(app: CorpusApp): Promise<VigilRun> {
  const read = await readInput(app.input);
  return {
    app,
    inputErrors: read.errors,
    score: scoreApp(app.name, app.expected, vigilFindings(read.stacks), "vigil"),
  };
}
