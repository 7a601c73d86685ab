import { combineOutcomes } from "../../engine/combine.ts";
import { defineRule, fail, type Outcome, undetermined } from "../../engine/rule.ts";
import { hasWildcard } from "../../iam/patterns.ts";
import { accountOfResource, accountsGranted, isTrustedAccount } from "../../iam/principals.ts";
import { statementEvidence } from "../../iam/role-statements.ts";
import { type ArnParts, parseArn } from "../../model/arn.ts";
import { sourceRefsOf } from "../../model/context.ts";
import type { Statement } from "../../model/policy.ts";
import type { LambdaFunction, Origin, Resource, ResourceKind } from "../../model/resources.ts";
import { isUnknown } from "../../model/value.ts";

/** A kind of trigger source a SourceArn can name, and the part of an ARN that identifies one. */
interface WatchedKind {
  readonly kinds: readonly ResourceKind[];
  readonly label: string;
  /** The identifying part of a SourceArn or of a model resource's ARN of this kind. */
  readonly key: (arn: ArnParts) => string;
}

const WHOLE_RESOURCE = (arn: ArnParts) => arn.resource;
const FIRST_SEGMENT = (arn: ArnParts) => arn.resource.split("/", 1)[0] ?? "";
/** Model ARNs of APIs end in `/restapis/<id>` or `/apis/<id>`; execute-api ARNs start with the id. */
const API_ID = (arn: ArnParts) =>
  arn.service === "apigateway" ? (arn.resource.split("/").at(-1) ?? "") : FIRST_SEGMENT(arn);

function watchedKindOf(arn: ArnParts): WatchedKind | undefined {
  switch (arn.service) {
    case "s3":
      return { kinds: ["s3.bucket"], label: "bucket", key: FIRST_SEGMENT };
    case "sns":
      return { kinds: ["sns.topic"], label: "topic", key: WHOLE_RESOURCE };
    case "sqs":
      return { kinds: ["sqs.queue"], label: "queue", key: WHOLE_RESOURCE };
    case "events":
      return arn.resource.startsWith("rule/")
        ? { kinds: ["events.rule"], label: "EventBridge rule", key: WHOLE_RESOURCE }
        : undefined;
    case "execute-api":
      return { kinds: ["apigateway.rest-api", "apigatewayv2.api"], label: "API", key: API_ID };
    default:
      return undefined;
  }
}

/** Template ARNs hold `${AWS::Partition}`-style tokens where a literal ARN holds `aws`: either matches. */
const PSEUDO_PARAMETER = /^\$\{AWS::[A-Za-z]+\}$/;

function fieldsAgree(left: string, right: string): boolean {
  return left === right || PSEUDO_PARAMETER.test(left) || PSEUDO_PARAMETER.test(right) || hasWildcard(left);
}

/** Whether `resource` is what the SourceArn names: same identifying part, compatible partition and region. */
function isNamedBy(source: ArnParts, watched: WatchedKind, resource: Resource): boolean {
  const arn = parseArn(resource.arn);
  return (
    arn !== undefined &&
    watched.key(arn) === watched.key(source) &&
    fieldsAgree(source.partition, arn.partition) &&
    (arn.region === "" || source.region === "" || fieldsAgree(source.region, arn.region))
  );
}

/** Whether two resources were read from the same place: one template file, or one account. */
function sameSource(a: Origin, b: Origin): boolean {
  if (a.type === "template" && b.type === "template") return a.file === b.file;
  if ((a.type === "live" || a.type === "config") && (b.type === "live" || b.type === "config")) {
    return a.account === b.account;
  }
  return a.type === b.type;
}

/** Whether the statement pins an account other than the function's own: its sources are not in this model. */
function namesForeignAccount(statement: Statement, fn: LambdaFunction): boolean {
  const trust = { ownAccount: accountOfResource(fn), trustedAccounts: [] };
  return accountsGranted(statement).some((account) => !isUnknown(account) && !isTrustedAccount(account, trust));
}

const SOURCE_ARN_OPERATORS = new Set(["ArnEquals", "ArnLike", "StringEquals", "StringLike"]);

export default defineRule({
  id: "lambda-permission-obsolete-source",
  title: "Invoke permission names a trigger source that no longer exists",
  severity: "low",
  practice: 9,
  kinds: ["lambda.function"],
  context: ["permission-sources"],
  rationale:
    "A resource-policy statement whose aws:SourceArn names a bucket, topic, queue, EventBridge rule or API that is " +
    "gone is a leftover of an unlinked trigger. It still grants invoke to whoever creates a resource of that name " +
    "next — for S3, bucket names are global, so that can be another account. To avoid false positives on a partial " +
    "model, a source is reported missing only when the model holds resources of that kind read from the same " +
    "template or account as the function; SourceArns with a wildcard in the name cannot be matched and are skipped.",
  remediation: {
    summary: "Remove the permission statement, or re-link the trigger it was created for.",
    cli: "aws lambda remove-permission --function-name <name> --statement-id <sid>",
  },
  mappings: { owasp: ["A6"], sas: ["SAS-3"] },
  check(fn, { model }) {
    if (isUnknown(fn.policy)) return undetermined("the resource policy", fn.policy);
    const parts: Outcome[] = [];
    for (const statement of fn.policy.statements) {
      if (statement.effect !== "Allow" || namesForeignAccount(statement, fn)) continue;
      const clauses = statement.conditions.filter(
        (c) => c.key === "aws:sourcearn" && SOURCE_ARN_OPERATORS.has(c.operator),
      );
      for (const value of clauses.flatMap((c) => c.values)) {
        if (isUnknown(value)) {
          parts.push(undetermined(`the aws:SourceArn of statement ${statement.sid ?? statement.index}`, value));
          continue;
        }
        const source = parseArn(value);
        const watched = source && watchedKindOf(source);
        if (!source || !watched || hasWildcard(watched.key(source))) continue;
        const candidates = watched.kinds
          .flatMap((kind) => model.ofKind(kind))
          .filter((r) => sameSource(r.origin, fn.origin));
        if (candidates.some((r) => isNamedBy(source, watched, r))) continue;
        const refs = sourceRefsOf(value);
        // A template or snapshot says nothing of what it lacks: judge only kinds it holds. A read account or a
        // targeted read knows which sources it looked for and did not find.
        const absent =
          model.coverage.scope === "partial"
            ? candidates.length > 0
            : refs.length > 0 && refs.every((ref) => model.confirmsAbsent(ref.arn, [ref.kind]) === true);
        if (!absent) continue;
        parts.push(
          fail(
            `statement ${statement.sid ?? statement.index} lets the ${watched.label} ${value} invoke the function, but no such ${watched.label} exists`,
            statementEvidence({ policy: "resource policy", statement }),
          ),
        );
      }
    }
    return combineOutcomes(parts, "every aws:SourceArn names a resource in the model, or one the model cannot judge");
  },
});
