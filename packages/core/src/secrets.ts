/**
 * Detection of secrets stored in plaintext configuration (function environment, API stage variables).
 * Pure, and careful never to return a value: verdicts name the variable and the signal, so findings can be
 * printed, stored and sent to Slack without leaking what they are about.
 */
import { combineOutcomes } from "./engine/combine.ts";
import { fail, type Outcome, undetermined } from "./engine/rule.ts";
import type { EnvironmentVariable } from "./model/resources.ts";
import { isUnknown, type Unknown } from "./model/value.ts";

/** Words in a variable name that say it holds a credential. */
const SECRET_NAME =
  /(SECRET|PASSWORD|PASSWD|PASSPHRASE|TOKEN|API_?KEY|PRIVATE_?KEY|ACCESS_?KEY|SIGNING_?KEY|CREDENTIALS?|AUTH_?KEY|CONNECTION_?STRING|(^|_)PWD($|_)|(^|_)DSN($|_))/;

/**
 * Suffixes that make such a name a pointer to a secret rather than the secret: `DB_SECRET_ARN`,
 * `API_KEY_PARAMETER_NAME`, `TOKEN_TTL`.
 */
const POINTER_SUFFIX =
  /_(ARN|NAME|ID|PATH|PARAM|PARAMETER|REF|KEY_ID|URL|URI|ENDPOINT|HOST|TTL|EXPIRY|EXPIRES|TIMEOUT|LENGTH|HEADER|FIELD|REGION)$/;

/** Values that point at a secret store or carry no secret: ARNs, SSM paths, booleans, numbers. */
const POINTER_VALUE = /^(arn:|\/[\w.\-/]+$|\{\{resolve:ssm:|true$|false$|-?\d{1,6}(\.\d+)?$)/i;

/** Shapes of well-known credentials. Labels only; patterns never echo what they match. */
const KNOWN_SHAPES: readonly { readonly label: string; readonly pattern: RegExp }[] = [
  { label: "an AWS access key id", pattern: /\b(AKIA|ASIA)[A-Z0-9]{16}\b/ },
  { label: "a private key", pattern: /-----BEGIN [A-Z ]*PRIVATE KEY-----/ },
  { label: "a Slack token", pattern: /\bxox[abposr]-[A-Za-z0-9-]{10,}/ },
  { label: "a GitHub token", pattern: /\b(gh[pousr]_[A-Za-z0-9]{36,}|github_pat_[A-Za-z0-9_]{22,})\b/ },
  { label: "a GitLab token", pattern: /\bglpat-[A-Za-z0-9_-]{20,}/ },
  { label: "a Stripe secret key", pattern: /\b[sr]k_live_[A-Za-z0-9]{16,}/ },
  { label: "a Google API key", pattern: /\bAIza[A-Za-z0-9_-]{35}\b/ },
  { label: "a JSON Web Token", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  {
    label: "a CloudFormation dynamic reference, which writes the secret into the configuration",
    pattern: /^\{\{resolve:(secretsmanager|ssm-secure):/,
  },
  { label: "a Slack webhook URL", pattern: /^https:\/\/hooks\.slack\.com\/services\// },
  { label: "a URL with an embedded password", pattern: /^[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
];

/**
 * Random-looking strings: judged on the longest run between separators, so that generated names such as
 * `Stack-Table-1A2B3C4D5E6F` stay out. A run must be long, mix lower case, upper case and digits, and come close to
 * the highest entropy its length allows (hex digests cannot: 16 symbols).
 */
const MIN_RANDOM_LENGTH = 20;
const ENTROPY_RATIO = 0.85;

/** Shannon entropy of a string, in bits per character. */
export function shannonEntropy(text: string): number {
  if (text.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const char of text) counts.set(char, (counts.get(char) ?? 0) + 1);
  let bits = 0;
  for (const count of counts.values()) {
    const p = count / text.length;
    bits -= p * Math.log2(p);
  }
  return bits;
}

function looksRandom(value: string): boolean {
  if (/^[a-z]+:\/\//i.test(value)) return false;
  // `${OrdersTable8BD04D9A}` is a template's reference to a resource (CDK's logical ids end in a hash), not text.
  const run = value
    .replace(/\$\{[^}]*\}/g, " ")
    .split(/[-_.:\s]/)
    .reduce((a, b) => (b.length > a.length ? b : a), "");
  if (run.length < MIN_RANDOM_LENGTH) return false;
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/].filter((c) => c.test(run)).length;
  return classes === 3 && shannonEntropy(run) >= ENTROPY_RATIO * Math.log2(Math.min(run.length, 64));
}

/** Whether a variable name says it holds a credential (and not a pointer to one). */
export function hasSecretName(name: string): boolean {
  // camelCase and kebab-case to UPPER_SNAKE, so that `apiKeySecretName` ends in `_NAME` like `API_KEY_SECRET_NAME`.
  const upper = name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/[-.]/g, "_")
    .toUpperCase();
  return SECRET_NAME.test(upper) && !POINTER_SUFFIX.test(upper);
}

/** Why a known value looks like a credential, or `undefined`. Never includes the value. */
export function secretValueSignal(value: string): string | undefined {
  const shape = KNOWN_SHAPES.find((s) => s.pattern.test(value));
  if (shape) return `its value has the shape of ${shape.label}`;
  if (looksRandom(value)) return "its value is a long random-looking string";
  return undefined;
}

export type SecretVerdict =
  | { readonly secret: true; readonly reason: string }
  | { readonly secret: false }
  | { readonly secret: "unknown"; readonly value: Unknown };

/**
 * Judges one variable. A known value decides by its shape; a secret-like name decides when the value is neither
 * empty nor a pointer. A secret-like name over an unknown value is undetermined: the value may be the secret or
 * an ARN pointing at it.
 */
export function judgeVariable(variable: EnvironmentVariable): SecretVerdict {
  const named = hasSecretName(variable.name);
  if (isUnknown(variable.value)) return named ? { secret: "unknown", value: variable.value } : { secret: false };
  const value = variable.value.trim();
  const valueSignal = secretValueSignal(value);
  if (valueSignal && !POINTER_VALUE.test(value)) return { secret: true, reason: valueSignal };
  if (named && value !== "" && !POINTER_VALUE.test(value)) {
    return { secret: true, reason: "its name says it holds a credential" };
  }
  return { secret: false };
}

/**
 * One outcome over a set of variables: every variable that holds a plaintext secret fails, evidence
 * `<pathPrefix>.<NAME>` with a redacted value.
 */
export function plaintextSecretsOutcome(
  variables: readonly EnvironmentVariable[],
  noun: string,
  pathPrefix: string,
): Outcome {
  const parts = variables.map((variable): Outcome => {
    const verdict = judgeVariable(variable);
    const path = `${pathPrefix}.${variable.name}`;
    if (verdict.secret === true) {
      return fail(`${noun} ${variable.name} looks like a plaintext secret: ${verdict.reason}`, {
        type: "setting",
        path,
        value: "[redacted]",
      });
    }
    if (verdict.secret === "unknown") return undetermined(`the value of ${noun} ${variable.name}`, verdict.value);
    return { status: "pass" };
  });
  return combineOutcomes(parts, variables.length === 0 ? `no ${noun}s` : `no ${noun} looks like a secret`);
}
