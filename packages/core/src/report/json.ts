import type { Exemption } from "../engine/config.ts";
import type { EvaluationReport, EvaluationSummary, FindingStatus } from "../engine/engine.ts";
import type { Evidence, Practice, Severity } from "../engine/rule.ts";
import type { ResourceKind } from "../model/resources.ts";
import {
  compareResults,
  type InputProblem,
  resourceLabel,
  selectResults,
  type TemplateLocation,
  templateLocation,
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
}

export interface FindingsJson {
  readonly findings: readonly JsonFinding[];
  readonly summary: JsonSummary;
}

export interface FindingsJsonOptions {
  /** Include passing and not-applicable results (default: failures and errors only). */
  readonly showPassing?: boolean;
  readonly inputErrors?: readonly InputProblem[];
}

export function toFindingsJson(report: EvaluationReport, options: FindingsJsonOptions = {}): FindingsJson {
  const findings = selectResults(report.results, options.showPassing ?? false)
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
    summary: { ...report.summary, evaluatedAt: report.evaluatedAt, inputErrors: options.inputErrors ?? [] },
  };
}
