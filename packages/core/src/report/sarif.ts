import type { EvaluationReport, RuleResult } from "../engine/engine.ts";
import { PRACTICES, type Rule, type Severity } from "../engine/rule.ts";
import {
  compareResults,
  DEFAULT_UNDETERMINED_MODE,
  describeEvidence,
  type InputProblem,
  resourceLabel,
  type TemplateLocation,
  templateLocation,
  type UndeterminedMode,
} from "./findings.ts";
import { remediationMarkdown, remediationText } from "./remediation.ts";

/**
 * SARIF 2.1.0 as GitHub code scanning reads it: rules with `security-severity` and tags, results with a
 * template location, stable partial fingerprints, and exempted failures as accepted suppressions. Undetermined
 * results are `review` results (SARIF's "needs a person to decide", level `none`), or failures when they gate.
 */
export const SARIF_SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json";

export interface SarifOptions {
  readonly toolVersion: string;
  readonly informationUri: string;
  readonly inputErrors?: readonly InputProblem[];
  readonly undetermined?: UndeterminedMode;
}

/** The rules that ran, with the severity the configuration gave them. */
export interface SarifRuleInput {
  readonly rule: Pick<Rule, "id" | "title" | "practice" | "rationale" | "remediation" | "mappings">;
  readonly severity: Severity;
}

type SarifLevel = "error" | "warning" | "note";

const LEVELS: Record<Severity, SarifLevel> = {
  critical: "error",
  high: "error",
  medium: "warning",
  low: "note",
  info: "note",
};

/**
 * GitHub reads `security-severity` as a CVSS-like score: ≥ 9.0 critical, 7.0–8.9 high, 4.0–6.9 medium, below low.
 * Written as a string, the way CodeQL writes it.
 */
const SECURITY_SEVERITY: Record<Severity, string> = {
  critical: "9.5",
  high: "8.0",
  medium: "5.5",
  low: "3.0",
  info: "0.0",
};

const pascalCase = (id: string) => id.replace(/(^|-)([a-z0-9])/g, (_, __, letter: string) => letter.toUpperCase());

function ruleTags(rule: SarifRuleInput["rule"]): string[] {
  return [
    "security",
    `practice-${rule.practice}: ${PRACTICES[rule.practice]}`,
    ...(rule.mappings.owasp ?? []).map((id) => `owasp-serverless/${id}`),
    ...(rule.mappings.sas ?? []).map((id) => `sas/${id}`),
    ...(rule.mappings.fsbp ?? []).map((id) => `fsbp/${id}`),
  ];
}

function reportingDescriptor({ rule, severity }: SarifRuleInput) {
  return {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.rationale },
    help: {
      text: `${rule.rationale}\n\n${remediationText(rule.remediation)}`,
      markdown: `${rule.rationale}\n\n${remediationMarkdown(rule.remediation)}`,
    },
    defaultConfiguration: { level: LEVELS[severity] },
    properties: {
      tags: ruleTags(rule),
      "security-severity": SECURITY_SEVERITY[severity],
      severity,
      practice: rule.practice,
      practiceName: PRACTICES[rule.practice],
      mappings: rule.mappings,
    },
  };
}

function physicalLocation(file: string, line?: number, column?: number) {
  return {
    artifactLocation: { uri: encodeURI(file), uriBaseId: "%SRCROOT%" },
    ...(line !== undefined && { region: { startLine: line, ...(column !== undefined && { startColumn: column }) } }),
  };
}

function resultLocation(result: RuleResult, location: TemplateLocation | undefined) {
  if (!location) {
    return { logicalLocations: [{ fullyQualifiedName: result.resourceId, kind: "resource" }] };
  }
  return {
    physicalLocation: physicalLocation(location.file, location.line),
    logicalLocations: [
      {
        name: location.logicalId,
        fullyQualifiedName: location.stack ? `${location.stack}/${location.logicalId}` : location.logicalId,
        kind: "resource",
      },
    ],
  };
}

/** Same finding, same fingerprint, wherever its line moves: rule, file and resource. */
function fingerprint(result: RuleResult, location: TemplateLocation | undefined): string {
  return location ? `${result.ruleId}:${location.file}:${location.logicalId}` : `${result.ruleId}:${result.resourceId}`;
}

export function toSarifLog(report: EvaluationReport, rules: readonly SarifRuleInput[], options: SarifOptions) {
  const ruleIndex = new Map(rules.map(({ rule }, index) => [rule.id, index]));
  const indexOf = <Key extends string>(ruleId: string, key: Key) => {
    const index = ruleIndex.get(ruleId);
    return index === undefined ? {} : ({ [key]: index } as Record<Key, number>);
  };
  const sorted = [...report.results].sort(compareResults);
  const undetermined = options.undetermined ?? DEFAULT_UNDETERMINED_MODE;
  const reported = (result: RuleResult) =>
    result.status === "fail" || (result.status === "undetermined" && undetermined !== "ignore");
  const results = sorted.filter(reported).map((result) => {
    const location = templateLocation(result.origin);
    const review = result.status === "undetermined" && undetermined === "warn";
    return {
      ruleId: result.ruleId,
      ...indexOf(result.ruleId, "ruleIndex"),
      ...(review ? { kind: "review", level: "none" } : { kind: "fail", level: LEVELS[result.severity] }),
      message: { text: `${resourceLabel(result)}: ${result.message}` },
      locations: [resultLocation(result, location)],
      partialFingerprints: { "vigilFinding/v1": fingerprint(result, location) },
      ...(result.exemption && {
        suppressions: [
          {
            kind: "external",
            status: "accepted",
            justification: `${result.exemption.reason} (until ${result.exemption.expires})`,
          },
        ],
      }),
      properties: {
        severity: result.severity,
        status: result.status,
        resourceKind: result.resourceKind,
        evidence: result.evidence.map(describeEvidence),
      },
    };
  });
  const ruleErrors = sorted
    .filter((result) => result.status === "error")
    .map((result) => {
      const location = templateLocation(result.origin);
      return {
        level: "error",
        message: { text: `${result.ruleId} could not evaluate ${resourceLabel(result)}: ${result.message}` },
        locations: [resultLocation(result, location)],
        associatedRule: { id: result.ruleId, ...indexOf(result.ruleId, "index") },
      };
    });
  const inputErrors = (options.inputErrors ?? []).map((problem) => ({
    level: "error",
    message: { text: `${problem.file}: ${problem.message}` },
    locations: [{ physicalLocation: physicalLocation(problem.file, problem.line, problem.column) }],
  }));
  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "Vigil",
            version: options.toolVersion,
            informationUri: options.informationUri,
            rules: rules.map(reportingDescriptor),
          },
        },
        invocations: [
          {
            executionSuccessful: ruleErrors.length === 0 && inputErrors.length === 0,
            toolExecutionNotifications: [...inputErrors, ...ruleErrors],
            endTimeUtc: report.evaluatedAt,
          },
        ],
        columnKind: "utf16CodeUnits",
        results,
      },
    ],
  };
}

export type SarifLog = ReturnType<typeof toSarifLog>;
