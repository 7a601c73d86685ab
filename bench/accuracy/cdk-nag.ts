import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, type PolicyValidationPluginReport, Stack } from "aws-cdk-lib";
import { CfnInclude } from "aws-cdk-lib/cloudformation-include";
import { AwsSolutionsChecks, ServerlessChecks } from "cdk-nag";
import type { AppInput } from "./inputs.ts";
import type { Finding } from "./score.ts";

const TRANSLATE = join(import.meta.dirname, "translate-sam.py");

/** The CloudFormation that deploys: a SAM template expanded by the official translator, or the template itself. */
function deployedTemplates(input: AppInput, scratch: string): string[] {
  if (input.kind === "cdk") {
    return readdirSync(input.path)
      .filter((name) => name.endsWith(".template.json"))
      .map((name) => join(input.path, name));
  }
  if (input.kind !== "template" || !input.sam) return [input.path];
  const translated = spawnSync("python3", [TRANSLATE, input.path], { encoding: "utf8" });
  if (translated.status !== 0) throw new Error(`${input.path}: SAM translation failed: ${translated.stderr}`);
  const file = join(scratch, "translated.json");
  writeFileSync(file, translated.stdout);
  return [file];
}

/**
 * Violations as (logical id, rule id): a CfnInclude'd resource's construct id is its logical id. A rule's several
 * findings on one resource (`AwsSolutions-IAM5[Action::s3:*]`, `[Resource::*]`) count once, as Vigil reports one
 * result per rule and resource.
 */
function findingsOf(report: PolicyValidationPluginReport): Finding[] {
  const byKey = new Map<string, Finding>();
  for (const violation of report.violations) {
    const ruleId = violation.ruleName.replace(/\[.*\]$/, "");
    for (const resource of violation.violatingResources) {
      // cdk-nag reports the construct path (App/Corpus0/Template/<logical id>), not the logical id.
      const { constructPath } = resource as { readonly constructPath: string };
      const finding = { resource: constructPath.split("/").at(-1)!, ruleId, message: violation.description };
      byKey.set(`${finding.resource} ${ruleId}`, finding);
    }
  }
  return [...byKey.values()];
}

/**
 * cdk-nag's errors and warnings (AwsSolutions and Serverless packs) on what the app deploys; undefined for Pulumi
 * state, which has no CloudFormation form.
 */
export function cdkNagFindings(input: AppInput): Finding[] | undefined {
  if (input.kind === "pulumi") return undefined;
  const scratch = mkdtempSync(join(tmpdir(), "vigil-accuracy-"));
  const app = new App({ outdir: scratch });
  const stacks = deployedTemplates(input, scratch).map((templateFile, index) => {
    const stack = new Stack(app, `Corpus${index}`);
    new CfnInclude(stack, "Template", { templateFile });
    return stack;
  });
  const packs = [new AwsSolutionsChecks(), new ServerlessChecks()];
  return stacks.flatMap((stack) => packs.flatMap((pack) => findingsOf(pack.validateScope(stack))));
}
