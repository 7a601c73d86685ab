/** Cognito user pools from Pulumi state, with the app clients registered for them. */
import { COGNITO_DEFAULTS, type CognitoUserPool, type CognitoUserPoolClient, unknown, type Value } from "@vigil/core";
import { customAttribute, mfaConfiguration, names, passwordPolicy } from "../cloudformation/cognito.ts";
import { tags } from "../cloudformation/values.ts";
import { dict, type PulumiResourceState, type PulumiState } from "./shared.ts";

const POOL = "aws:cognito/userPool:UserPool";
const CLIENT = "aws:cognito/userPoolClient:UserPoolClient";

/** Pulumi spells CloudFormation's `MinimumLength` as `minimumLength`. */
const camel = (pascal: string) => pascal[0]?.toLowerCase() + pascal.slice(1);

/**
 * The provider's answer where it holds one, else what the program asked for. A list the provider answers empty
 * (flows, write attributes left unset) is no answer: Cognito then applies its defaults.
 */
function setting(s: PulumiResourceState, key: string): unknown {
  const answered = s.outputs[key];
  const empty = Array.isArray(answered) && answered.length === 0;
  return answered !== undefined && answered !== null && !empty ? answered : s.inputs[key];
}

function client(s: PulumiResourceState): CognitoUserPoolClient {
  const flows = setting(s, "explicitAuthFlows");
  const write = setting(s, "writeAttributes");
  const secret = setting(s, "generateSecret");
  return {
    clientId: typeof s.outputs.id === "string" ? s.outputs.id : unknown("client id assigned at deploy"),
    name: typeof setting(s, "name") === "string" ? (setting(s, "name") as string) : s.name,
    explicitAuthFlows: flows === undefined ? COGNITO_DEFAULTS.explicitAuthFlows : names(flows, "explicitAuthFlows"),
    generateSecret:
      secret === undefined ? false : typeof secret === "boolean" ? secret : unknown("generateSecret: not a boolean"),
    ...(write !== undefined && { writeAttributes: names(write, "writeAttributes") }),
  };
}

function pool(s: PulumiResourceState, clients: readonly PulumiResourceState[]): CognitoUserPool {
  const id = setting(s, "id");
  const arn = typeof s.outputs.arn === "string" ? s.outputs.arn : `\${${s.urn}}`;
  const schema = setting(s, "schemas");
  const deletion = setting(s, "deletionProtection");
  const ownClients = clients.filter((c) => id !== undefined && setting(c, "userPoolId") === id);
  const name: Value<string> =
    typeof setting(s, "name") === "string" ? (setting(s, "name") as string) : unknown("name assigned at deploy");
  return {
    kind: "cognito.user-pool",
    id: arn,
    arn,
    name,
    origin: { type: "pulumi", urn: s.urn },
    tags: tags(setting(s, "tags") ?? {}),
    passwordPolicy: passwordPolicy(setting(s, "passwordPolicy"), camel, "passwordPolicy"),
    mfa: mfaConfiguration(setting(s, "mfaConfiguration"), "mfaConfiguration"),
    customAttributes: (Array.isArray(schema) ? schema : []).flatMap((entry, i) => {
      const e = dict(entry);
      const attribute = customAttribute(e.name, e.mutable, e.developerOnlyAttribute, `schemas[${i}]`);
      return attribute ? [attribute] : [];
    }),
    deletionProtection: deletion === undefined ? false : deletion === "ACTIVE",
    clients: ownClients.map(client),
  };
}

/** The user pools of Pulumi's registered state, each with the clients whose `userPoolId` is its id. */
export function userPools(state: PulumiState): CognitoUserPool[] {
  const clients = state.ofType(CLIENT);
  return state.ofType(POOL).map((s) => pool(s, clients));
}
