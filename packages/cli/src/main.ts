import { ConfigError, RULES } from "@vigil/core";
import { Command, CommanderError, Option } from "commander";
import pc from "picocolors";
import { credentialsAdvice } from "./aws-caller.ts";
import { CHECK_FORMATS, type CheckOptions, runCheck } from "./commands/check.ts";
import { registerDoctorCommand } from "./commands/doctor.ts";
import { registerExemptionCommands } from "./commands/exemptions.ts";
import { registerFindingsCommand } from "./commands/findings.ts";
import { registerLocalCommand } from "./commands/local.ts";
import { registerMapCommand } from "./commands/map.ts";
import { registerRemediationCommand } from "./commands/remediation.ts";
import { RULES_FORMATS, type RulesFormat, renderRules } from "./commands/rules.ts";
import { registerScanCommand } from "./commands/scan.ts";
import { UsageError } from "./errors.ts";
import { EXIT } from "./exit-codes.ts";
import { type CliIo, processIo } from "./io.ts";
import { addReportOptions, collect } from "./options.ts";
import { VIGIL_VERSION } from "./version.ts";

/** AWS SDK errors that mean missing, expired or unusable credentials, wherever a command meets them. */
const CREDENTIALS_ERRORS = new Set([
  "CredentialsProviderError",
  "ExpiredToken",
  "ExpiredTokenException",
  "InvalidClientTokenId",
  "UnrecognizedClientException",
  "TokenProviderError",
]);

/** Colours only for a terminal that supports them (picocolors honours NO_COLOR and FORCE_COLOR). */
const colorsFor = (isTTY: boolean) => pc.createColors(isTTY && pc.isColorSupported);

function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("vigil")
    .description("Continuous compliance for serverless AWS applications")
    .version(VIGIL_VERSION)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    })
    .showSuggestionAfterError();

  addReportOptions(
    program
      .command("check")
      .description("check CloudFormation / SAM templates (files or directories, e.g. cdk.out) against the rules")
      .argument("<paths...>", "template files or directories"),
    CHECK_FORMATS,
  )
    .option("--param <Key=Value>", "template parameter value (repeatable)", collect, [])
    .addHelpText(
      "after",
      "\nExit codes: 0 nothing at or above --fail-on; 1 a failure (or rule error) at or above --fail-on that no\n" +
        "exemption hides; 2 usage or configuration error, or an input that could not be read (the other inputs\n" +
        "are still checked and reported).",
    )
    .action(async (paths: string[], options: CheckOptions) => {
      setExitCode(await runCheck(paths, options, io, RULES, colorsFor));
    });

  program
    .command("rules")
    .description("list the rule catalogue")
    .addOption(new Option("--format <format>", "output format").choices(RULES_FORMATS).default("table"))
    .action((options: { format: RulesFormat }) => {
      io.stdout.write(renderRules(RULES, options.format, colorsFor(io.stdout.isTTY === true)));
    });

  registerMapCommand(program, io, setExitCode);
  registerScanCommand(program, io, setExitCode, RULES, colorsFor);
  registerDoctorCommand(program, io, setExitCode, colorsFor);
  registerLocalCommand(program, io, setExitCode, colorsFor);
  registerFindingsCommand(program, io, setExitCode, colorsFor);
  registerRemediationCommand(program, io, setExitCode, colorsFor);
  registerExemptionCommands(program, io, setExitCode, colorsFor);
  return program;
}

/**
 * Runs `vigil` with the arguments after the program name and returns the exit code: 0 clean, 1 failures at or
 * above `--fail-on`, 2 when Vigil could not check everything (usage, configuration or unreadable input).
 */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = buildProgram(io, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: "user" });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.incomplete;
    if (error instanceof UsageError || error instanceof ConfigError) {
      io.stderr.write(`vigil: ${error.message}\n`);
      return EXIT.incomplete;
    }
    if (error instanceof Error && CREDENTIALS_ERRORS.has(error.name)) {
      io.stderr.write(`vigil: ${credentialsAdvice(error.message)}\n`);
      return EXIT.incomplete;
    }
    // A bug, not the user's mistake: the stack only on request, a user sees one line.
    const detail = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    io.stderr.write(
      process.env.VIGIL_DEBUG && error instanceof Error && error.stack
        ? `vigil: unexpected error: ${error.stack}\n`
        : `vigil: unexpected error: ${detail}\n  (set VIGIL_DEBUG=1 for the stack trace)\n`,
    );
    return EXIT.incomplete;
  }
}
