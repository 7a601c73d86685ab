import type { Exemption } from "../engine/config.ts";
import type { EvaluationReport, EvaluationSummary, FindingStatus } from "../engine/engine.ts";
import type { Evidence, Practice, Severity } from "../engine/rule.ts";
import type { ResourceKind } from "../model/resources.ts";
import {
  compareResults,
  DEFAULT_UNDETERMINED_MODE,
  type InputProblem,
  resourceLabel,
  selectResults,
  type TemplateLocation,
  templateLocation,
  type UndeterminedMode,
} from "./findings.ts";

/** One finding in `--format json`: a public contract, change it only additively. */
export interface JsonFinding {
  readonly ruleId: string;
  /** Template logical id, else the ARN. */
  readonly resource: string;
  readonly resourceKind: ResourceKind;
  readonly status: FindingStatus;
  readonly severity: Severity;
  readonly practice: Practice;
  readonly message: string;
  readonly evidence: readonly Evidence[];
  readonly location?: TemplateLocation;
  readonly exemption?: Exemption;
}

export interface JsonSummary extends EvaluationSummary {
  readonly evaluatedAt: string;
  /** Inputs that could not be read; their resources were not checked. */
  readonly inputErrors: readonly InputProblem[];
  /** How undetermined results were treated (`--undetermined`): gated, listed, or left out of `findings`. */
  readonly undeterminedMode: UndeterminedMode;
}

export interface FindingsJson {
  readonly findings: readonly JsonFinding[];
  readonly summary: JsonSummary;
}

export interface FindingsJsonOptions {
  /** Include passing and not-applicable results (default: failures, errors and undetermined results only). */
  readonly showPassing?: boolean;
  readonly inputErrors?: readonly InputProblem[];
  readonly undetermined?: UndeterminedMode;
}

export function toFindingsJson(report: EvaluationReport, options: FindingsJsonOptions = {}): FindingsJson {
  const undeterminedMode = options.undetermined ?? DEFAULT_UNDETERMINED_MODE;
  const findings = selectResults(report.results, options.showPassing ?? false, undeterminedMode)
    .sort(compareResults)
    .map((result): JsonFinding => {
      const location = templateLocation(result.origin);
      return {
        ruleId: result.ruleId,
        resource: resourceLabel(result),
        resourceKind: result.resourceKind,
        status: result.status,
        severity: result.severity,
        practice: result.practice,
        message: result.message,
        evidence: result.evidence,
        ...(location && { location }),
        ...(result.exemption && { exemption: result.exemption }),
      };
    });
  return {
    findings,
    summary: {
      ...report.summary,
      evaluatedAt: report.evaluatedAt,
      inputErrors: options.inputErrors ?? [],
      undeterminedMode,
    },
  };
}
