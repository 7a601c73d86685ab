import { DEFAULT_UNDETERMINED_MODE, RULESETS, UNDETERMINED_MODES } from "@vigil/core";
import { type Command, Option } from "commander";
import { FAIL_ON_LEVELS } from "./commands/check.ts";

/** Commander accumulator for repeatable options. */
export const collect = (value: string, previous: readonly string[]) => [...previous, value];

/** The report options `check` and `scan` share: what to run, how to print, when to fail. */
export function addReportOptions(command: Command, formats: readonly string[]): Command {
  return command
    .addOption(new Option("--format <format>", "output format").choices(formats).default("table"))
    .option("--output <file>", "write the report to a file instead of stdout")
    .addOption(
      new Option("--fail-on <severity>", "exit 1 when a failure at or above this severity is found")
        .choices(FAIL_ON_LEVELS)
        .default("high"),
    )
    .addOption(
      new Option(
        "--undetermined <mode>",
        "results a rule could not decide (an unknown input): fail the gate, list them (warn), or leave them out",
      )
        .choices(UNDETERMINED_MODES)
        .default(DEFAULT_UNDETERMINED_MODE),
    )
    .addOption(
      new Option(
        "--ruleset <set>",
        "rules that run unless named: recommended, or strict (every rule); default: the configuration's",
      ).choices(RULESETS),
    )
    .option("--rule <id>", "run only this rule (repeatable)", collect, [])
    .option("--skip <id>", "do not run this rule (repeatable)", collect, [])
    .option("--config <file>", "configuration file (default: vigil.config.{ts,js,json,yaml,yml} here)")
    .option("--show-passing", "also list passing and not-applicable results", false);
}
