/**
 * ARN fields. Template ARNs keep pseudo-parameters as tokens (`${AWS::AccountId}`), whose own colons are not
 * separators; comparing accounts as strings then works for every source.
 */
export interface ArnParts {
  readonly partition: string;
  readonly service: string;
  readonly region: string;
  readonly account: string;
  /** Everything after the account, e.g. `layer:my-layer:3`. */
  readonly resource: string;
}

/** Splits on `:` outside `${…}` tokens, into at most `limit` parts (the last keeps the rest). */
function splitOutsideTokens(text: string, limit: number): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length && parts.length < limit - 1; i++) {
    if (text.startsWith("${", i)) depth++;
    else if (text[i] === "}" && depth > 0) depth--;
    else if (text[i] === ":" && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

/** The parts of an ARN, or `undefined` when the string is not one. */
export function parseArn(arn: string): ArnParts | undefined {
  const [prefix, partition, service, region, account, resource] = splitOutsideTokens(arn, 6);
  if (prefix !== "arn" || !partition || !service || resource === undefined || account === undefined) return undefined;
  return { partition, service, region: region ?? "", account, resource };
}

/**
 * The URL of an SQS queue from its ARN (`https://sqs.<region>.amazonaws.com/<account>/<name>`), what the SQS API
 * takes; undefined when the ARN is not a queue's or holds template tokens.
 */
export function sqsQueueUrl(arn: string): string | undefined {
  const parts = parseArn(arn);
  if (parts?.service !== "sqs" || !parts.region || !parts.account || arn.includes("${")) return undefined;
  return `https://sqs.${parts.region}.amazonaws.com/${parts.account}/${parts.resource}`;
}

/** Pseudo parameters whose value follows from the partition (Vigil reads the standard one). */
const PARTITION_TOKENS: readonly (readonly [token: string, value: string])[] = [
  [pseudoParameter("Partition"), "aws"],
  [pseudoParameter("URLSuffix"), "amazonaws.com"],
];

/** One form for ARNs written with pseudo parameters and literally: `arn:${AWS::Partition}:s3:::b` → `arn:aws:s3:::b`. */
export function normalArn(arn: string): string {
  if (!arn.includes("AWS::")) return arn;
  return PARTITION_TOKENS.reduce((text, [token, value]) => text.split(token).join(value), arn);
}

/** `${AWS::<name>}`, as the template reader leaves a pseudo parameter. */
function pseudoParameter(name: string): string {
  return `\${AWS::${name}}`;
}
