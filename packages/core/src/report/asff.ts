import type { EvaluationReport, RuleResult } from "../engine/engine.ts";
import { PRACTICES, type RuleMeta, type Severity } from "../engine/rule.ts";
import type { ResourceKind } from "../model/resources.ts";
import { compareResults, DEFAULT_UNDETERMINED_MODE, selectResults, type UndeterminedMode } from "./findings.ts";

/**
 * AWS Security Finding Format (Security Hub `BatchImportFindings`), schema 2018-10-08. Only the fields Vigil can
 * fill; Security Hub rejects a finding that lacks a required one, so a test checks them.
 */
export interface AsffFinding {
  readonly SchemaVersion: "2018-10-08";
  readonly Id: string;
  readonly ProductArn: string;
  readonly GeneratorId: string;
  readonly AwsAccountId: string;
  readonly Types: readonly string[];
  readonly CreatedAt: string;
  readonly UpdatedAt: string;
  readonly Severity: { readonly Label: AsffSeverityLabel };
  readonly Title: string;
  readonly Description: string;
  readonly Remediation: { readonly Recommendation: { readonly Text: string } };
  readonly Resources: readonly AsffResource[];
  readonly Compliance: { readonly Status: "PASSED" | "FAILED" | "NOT_AVAILABLE" };
  readonly RecordState: "ACTIVE";
  readonly Workflow: { readonly Status: "NEW" | "SUPPRESSED" };
}

export interface AsffResource {
  readonly Type: string;
  readonly Id: string;
  readonly Partition: string;
  readonly Region: string;
}

type AsffSeverityLabel = "CRITICAL" | "HIGH" | "MEDIUM" | "LOW" | "INFORMATIONAL";

const SEVERITY_LABEL: Record<Severity, AsffSeverityLabel> = {
  critical: "CRITICAL",
  high: "HIGH",
  medium: "MEDIUM",
  low: "LOW",
  info: "INFORMATIONAL",
};

/** Security Hub resource types; kinds without one are `Other`. */
const RESOURCE_TYPE: Partial<Record<ResourceKind, string>> = {
  "lambda.function": "AwsLambdaFunction",
  "iam.role": "AwsIamRole",
  "iam.managed-policy": "AwsIamPolicy",
  "apigateway.stage": "AwsApiGatewayStage",
  "apigateway.rest-api": "AwsApiGatewayRestApi",
  "apigatewayv2.stage": "AwsApiGatewayV2Stage",
  "apigatewayv2.api": "AwsApiGatewayV2Api",
  "s3.bucket": "AwsS3Bucket",
  "sqs.queue": "AwsSqsQueue",
  "sns.topic": "AwsSnsTopic",
  "dynamodb.table": "AwsDynamoDbTable",
  "events.rule": "AwsEventsEventbus",
};

export interface AsffOptions {
  /** The account the findings are about and that imports them. */
  readonly account: string;
  /** The Security Hub region the findings are imported into (the ProductArn's region). */
  readonly region: string;
  readonly partition?: string;
  /** When the state was read; default the evaluation time. */
  readonly createdAt?: string;
  readonly showPassing?: boolean;
  /** Undetermined results import as `NOT_AVAILABLE` unless ignored. */
  readonly undetermined?: UndeterminedMode;
}

/** The region an ARN names, else the import region (IAM and S3 ARNs name none). */
function regionOf(arn: string, fallback: string): string {
  return arn.split(":")[3] || fallback;
}

/** One level of an ASFF type: `/` separates the levels ("CI/CD" would add one), and a type is one line. */
function typeLevel(name: string): string {
  return name
    .replace(/\//g, "-")
    .replace(/[\s\p{Cc}]+/gu, " ")
    .trim();
}

/**
 * Findings as an ASFF array for `aws securityhub batch-import-findings --findings file://…`. The Id is stable
 * (rule + resource), so that a re-import updates a finding instead of duplicating it.
 */
export function toAsffFindings(
  report: EvaluationReport,
  rules: readonly { readonly rule: RuleMeta }[],
  options: AsffOptions,
): AsffFinding[] {
  const partition = options.partition ?? "aws";
  const metaOf = new Map(rules.map(({ rule }) => [rule.id, rule]));
  const toFinding = (result: RuleResult): AsffFinding => {
    const meta = metaOf.get(result.ruleId);
    return {
      SchemaVersion: "2018-10-08",
      Id: `vigil/${result.ruleId}/${result.resourceId}`,
      ProductArn: `arn:${partition}:securityhub:${options.region}:${options.account}:product/${options.account}/default`,
      GeneratorId: result.ruleId,
      AwsAccountId: options.account,
      // Namespace/Category/Classifier: the Vigil practice the rule serves.
      Types: [`Software and Configuration Checks/Vigil/${typeLevel(PRACTICES[result.practice])}`],
      CreatedAt: options.createdAt ?? report.evaluatedAt,
      UpdatedAt: report.evaluatedAt,
      Severity: { Label: SEVERITY_LABEL[result.severity] },
      // Security Hub caps Title at 256 and Description at 1024 characters.
      Title: (meta?.title ?? result.ruleId).slice(0, 256),
      Description: result.message.slice(0, 1024),
      Remediation: { Recommendation: { Text: (meta?.remediation.summary ?? result.message).slice(0, 512) } },
      Resources: [
        {
          Type: RESOURCE_TYPE[result.resourceKind] ?? "Other",
          Id: result.resourceId,
          Partition: partition,
          Region: regionOf(result.resourceId, options.region),
        },
      ],
      Compliance: {
        Status: result.status === "fail" ? "FAILED" : result.status === "pass" ? "PASSED" : "NOT_AVAILABLE",
      },
      RecordState: "ACTIVE",
      Workflow: { Status: result.exemption ? "SUPPRESSED" : "NEW" },
    };
  };
  return selectResults(report.results, options.showPassing ?? false, options.undetermined ?? DEFAULT_UNDETERMINED_MODE)
    .sort(compareResults)
    .map(toFinding);
}
