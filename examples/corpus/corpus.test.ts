import { readFileSync } from "node:fs";
import { join } from "node:path";
import { readTemplates } from "@vigil/aws";
import { evaluateEach, ResourceModel, RULES, resolveConfig } from "@vigil/core";
import { describe, expect, it } from "vitest";
import { CORPUS, corpusApps, runVigil, type VigilRun } from "../../bench/accuracy/corpus.ts";
import { ExpectedFormatError, parseExpected } from "../../bench/accuracy/expected.ts";
import { findInput } from "../../bench/accuracy/inputs.ts";
import { figures } from "../../bench/accuracy/score.ts";

/** Committed from `npm run accuracy`: recall and precision rounded down to the percent. */
const floor = JSON.parse(readFileSync(join(CORPUS, "accuracy-floor.json"), "utf8")) as {
  recallPercent: number;
  precisionPercent: number;
  maxFindingsPerBenignApp: number;
};

/** Rules not built yet that EXPECTED.md tables name: their rows count as missed. */
const PENDING_RULES: readonly string[] = [];

const apps = corpusApps();
const runs: VigilRun[] = await Promise.all(apps.map(runVigil));

describe("the accuracy corpus", () => {
  it("holds at least 30 apps, benign and planted", () => {
    expect(apps.length).toBeGreaterThanOrEqual(30);
    expect(apps.some((app) => app.expected.verdict === "benign")).toBe(true);
    expect(apps.some((app) => app.expected.verdict === "planted")).toBe(true);
  });

  it.each(runs.map((run) => [run.app.name, run] as const))(
    "%s: Vigil reads its input without input errors",
    (_, run) => {
      expect(run.inputErrors).toEqual([]);
    },
  );

  it("names only Vigil rules that exist or are being built", () => {
    const known = new Set([...RULES.map((rule) => rule.id), ...PENDING_RULES]);
    const unknown = apps.flatMap((app) =>
      app.expected.rows
        .flatMap((row) => row.vigil.map((id) => ({ id, at: `${app.name}/EXPECTED.md:${row.line}` })))
        .filter(({ id }) => !known.has(id)),
    );
    expect(unknown).toEqual([]);
  });

  it("keeps Vigil's recall, precision and findings per benign app at the committed floor", () => {
    const measured = figures(runs.map((run) => run.score));
    const missed = runs.flatMap((run) =>
      run.score.missed.map((row) => `${run.app.name} ${row.resource}: ${row.weakness}`),
    );
    const unexpected = runs.flatMap((run) =>
      run.score.unmatched.map((f) => `${run.app.name} ${f.resource} ${f.ruleId}`),
    );
    // The lists make a regression readable: which row a rule stopped catching, which finding is new.
    expect(Math.floor(measured.recall * 100), `missed rows:\n${missed.join("\n")}`).toBeGreaterThanOrEqual(
      floor.recallPercent,
    );
    expect(
      Math.floor(measured.precision * 100),
      `findings no row expects:\n${unexpected.join("\n")}`,
    ).toBeGreaterThanOrEqual(floor.precisionPercent);
    expect(measured.findingsPerBenignApp).toBeLessThanOrEqual(floor.maxFindingsPerBenignApp);
  });
});

describe("one model per stack", () => {
  it("checks every template and cloud assembly of the corpus together exactly as each alone", async () => {
    const paths = apps.map((app) => findInput(app.folder)).filter((input) => input.kind !== "pulumi");
    const config = resolveConfig({}, RULES);
    const failures = async (read: readonly string[]) => {
      const { stacks, errors } = await readTemplates(read);
      expect(errors).toEqual([]);
      const report = evaluateEach(
        stacks.map((stack) => new ResourceModel(stack.resources)),
        config,
        { now: new Date("2026-12-01T00:00:00Z") },
      );
      return report.results
        .filter((r) => r.status === "fail")
        .map(
          (r) =>
            `${r.origin.type === "template" ? `${r.origin.file} ${r.origin.logicalId}` : r.resourceId} ${r.ruleId}`,
        );
    };
    const together = await failures(paths.map((input) => input.path));
    const alone = (await Promise.all(paths.map((input) => failures([input.path])))).flat();
    expect(together.length).toBeGreaterThan(50);
    expect(together.sort()).toEqual(alone.sort());
  });
});

describe("EXPECTED.md parsing", () => {
  const table = "| Resource | Weakness | Vigil | cdk-nag |\n| --- | --- | --- | --- |\n";
  const planted = (rows: string) => `# App\n\nAn app. **planted**.\n\n${table}${rows}`;
  const error = (text: string) => {
    try {
      parseExpected(text, "app/EXPECTED.md");
    } catch (caught) {
      return caught instanceof ExpectedFormatError ? caught.message : `not a format error: ${caught}`;
    }
    return "parsed";
  };

  it("reads rows with or-separated rule ids and a dash for none", () => {
    const parsed = parseExpected(planted("| Fn | open URL | `a-rule` or `b-rule` | — |\n"), "app/EXPECTED.md");
    expect(parsed).toEqual({
      title: "App",
      verdict: "planted",
      rows: [{ resource: "Fn", weakness: "open URL", vigil: ["a-rule", "b-rule"], cdkNag: [], line: 7 }],
    });
  });

  it("names the file and line of a malformed row, header, verdict or title", () => {
    expect(error(planted("| Fn | open URL | a-rule | — |\n"))).toBe(
      'app/EXPECTED.md:7: Vigil: expected `rule-id` [or `rule-id` …] or —, got "a-rule"',
    );
    expect(error(planted("| Fn | open URL | `a-rule` |\n"))).toBe("app/EXPECTED.md:7: a row must have 4 cells");
    expect(error(`# App\n\n**benign**\n\n| Resource | Weakness | Vigil |\n| --- | --- | --- |\n`)).toMatch(
      /^app\/EXPECTED\.md:5: the table header must be/,
    );
    expect(error(`# App\n\nNo verdict.\n\n${table}`)).toMatch(/^app\/EXPECTED\.md:2: /);
    expect(error(`App\n\n**benign**\n\n${table}`)).toMatch(/^app\/EXPECTED\.md:1: /);
  });

  it("rejects a benign app with rows, a planted app without, and a second table", () => {
    expect(error(`# App\n\n**benign**\n\n${table}| Fn | x | — | — |\n`)).toBe(
      "app/EXPECTED.md:7: a benign app has no rows",
    );
    expect(error(planted(""))).toBe("app/EXPECTED.md:6: a planted app needs rows");
    expect(error(planted("| Fn | x | — | — |\n\n| a | b |\n"))).toBe("app/EXPECTED.md:9: only one table is allowed");
  });
});
