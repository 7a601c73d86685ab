/**
 * An AWS account in memory, for `vigil local`, the pipeline simulation and parity tests: its state is a list of
 * model resources as the live readers build them, and it answers the real SDK clients of `createClients` from that
 * state without a request ever leaving the process. The readers under test thus run whole — their commands, paging,
 * and the error names by which they tell "absent" from "failed" — against the reverse of what they read.
 */
import { isUnknown, type Resource, type ResourceKind } from "@vigil/core";
import { createClients, type LiveClients, type ServiceName } from "../readers/live/clients.ts";
import { DEFAULT_RATES, type TargetedReadOptions } from "../readers/live/read-account.ts";
import { apiGatewayAnswers } from "./model-account/apigateway.ts";
import { apiGatewayV2Answers } from "./model-account/apigatewayv2.ts";
import { cognitoAnswers } from "./model-account/cognito.ts";
import { dynamoDbAnswers } from "./model-account/dynamodb.ts";
import { UnansweredCommandError, UnservableResourceError } from "./model-account/errors.ts";
import { eventsAnswers } from "./model-account/events.ts";
import { iamAnswers } from "./model-account/iam.ts";
import { lambdaAnswers } from "./model-account/lambda.ts";
import { s3Answers, s3ControlAnswers } from "./model-account/s3.ts";
import {
  type Known,
  type KnownOfKind,
  responseMetadata,
  type ServedAccount,
  type ServiceAnswers,
} from "./model-account/served.ts";
import { snsAnswers } from "./model-account/sns.ts";
import { sqsAnswers } from "./model-account/sqs.ts";
import { stsAnswers } from "./model-account/sts.ts";
import { taggingAnswers } from "./model-account/tagging.ts";

export { InconsistentStateError, UnansweredCommandError, UnservableResourceError } from "./model-account/errors.ts";

const ANSWERS: Readonly<Record<ServiceName, ServiceAnswers>> = {
  lambda: lambdaAnswers,
  iam: iamAnswers,
  apigateway: apiGatewayAnswers,
  apigatewayv2: apiGatewayV2Answers,
  s3: s3Answers,
  s3control: s3ControlAnswers,
  sqs: sqsAnswers,
  sns: snsAnswers,
  dynamodb: dynamoDbAnswers,
  events: eventsAnswers,
  cognito: cognitoAnswers,
  tagging: taggingAnswers,
  sts: stsAnswers,
};

/** Credentials no request ever signs with: nothing leaves the process, and no credential chain is searched. */
const OFFLINE_CREDENTIALS = { accessKeyId: "AKIAMODELACCOUNT", secretAccessKey: "model-account" };

export interface ModelAccountOptions {
  readonly account: string;
  /** The home region: where a resource lives whose ARN names none and whose origin names none either. */
  readonly region: string;
  readonly resources?: readonly Resource[];
}

/** The middleware stack of an SDK client, as far as this account uses it. */
interface AnswerableClient {
  readonly middlewareStack: {
    add(
      middleware: (
        next: unknown,
        context: { readonly commandName?: string },
      ) => (args: { readonly input: object }) => Promise<{ output: object; response: unknown }>,
      options: { step: "initialize"; name: string; priority: "high"; override: boolean },
    ): void;
  };
}

export class ModelAccount {
  readonly account: string;
  readonly region: string;
  readonly #resources = new Map<string, Known<Resource>>();

  constructor(options: ModelAccountOptions) {
    this.account = options.account;
    this.region = options.region;
    for (const resource of options.resources ?? []) this.put(resource);
  }

  /** The current state. */
  get resources(): Resource[] {
    return [...this.#resources.values()] as Resource[];
  }

  /** Adds a resource or replaces the one of its ARN; {@link UnservableResourceError} if AWS could not serve it. */
  put(resource: Resource): void {
    this.#resources.set(resource.arn, servable(resource, this.account));
  }

  /** Deletes a resource, as its deletion in AWS would. */
  remove(arn: string): void {
    if (!this.#resources.delete(arn)) throw new Error(`ModelAccount holds no resource ${arn}`);
  }

  /**
   * Real clients for `region`, built by {@link createClients}, whose every command this account answers at the
   * first step of the client's middleware stack from its state at the time of the call: nothing is serialised,
   * signed or sent. A command it does not know throws {@link UnansweredCommandError}.
   */
  clients(region: string): LiveClients {
    const clients = createClients({ region, credentials: OFFLINE_CREDENTIALS, maxAttempts: 1 });
    const served = this.#served(region);
    for (const service of Object.keys(ANSWERS) as ServiceName[]) {
      answerFromState(clients[service] as unknown as AnswerableClient, service, ANSWERS[service], served);
    }
    return clients;
  }

  /** What the live readers take to read this account from its home region: its clients, and no rate budget. */
  readOptions(): TargetedReadOptions {
    const rates = Object.fromEntries(Object.keys(DEFAULT_RATES).map((service) => [service, Number.POSITIVE_INFINITY]));
    return { region: this.region, clients: (region) => this.clients(region), rates };
  }

  #served(region: string): ServedAccount {
    const regionOf = (resource: Known<Resource>) => {
      const named = resource.arn.split(":")[3];
      if (named) return named;
      return resource.origin.type === "live" || resource.origin.type === "config"
        ? resource.origin.region
        : this.region;
    };
    const ofKind = <K extends ResourceKind>(kind: K) =>
      [...this.#resources.values()].filter((r): r is KnownOfKind<K> => r.kind === kind);
    return {
      account: this.account,
      partition: partitionOf(region),
      region,
      everywhere: ofKind,
      regional: (kind) => ofKind(kind).filter((r) => regionOf(r) === region),
      regionOf,
    };
  }
}

function answerFromState(
  client: AnswerableClient,
  service: ServiceName,
  answers: ServiceAnswers,
  served: ServedAccount,
) {
  client.middlewareStack.add(
    (_next, context) => async (args) => {
      const operation = (context.commandName ?? "").replace(/Command$/, "");
      const answer = answers[operation];
      if (!answer) throw new UnansweredCommandError(service, operation);
      // A copy, so that nothing a reader keeps aliases the state.
      const output = structuredClone(answer(args.input as never, served));
      return { output: { ...output, $metadata: responseMetadata(200) }, response: undefined };
    },
    { step: "initialize", name: "vigilModelAccount", priority: "high", override: true },
  );
}

function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

/** The resource as the state holds it, once it is known that AWS could answer it. */
function servable<R extends Resource>(resource: R, account: string): Known<R> {
  const refuse = (why: string) => {
    throw new UnservableResourceError(`${resource.kind} ${resource.arn}: ${why}`);
  };
  if (resource.id !== resource.arn) refuse(`its id ${resource.id} is not its ARN, as live resources' are`);
  const [prefix, , , , owner] = resource.arn.split(":");
  if (prefix !== "arn" || resource.arn.includes("${")) refuse("not a live ARN");
  if (owner && owner !== account && owner !== "aws") refuse(`the ARN names account ${owner}, not ${account}`);
  const unknownAt = findUnknown(resource, "");
  if (unknownAt) refuse(`${unknownAt.path} is unknown (${unknownAt.reason}); AWS answers only known values`);
  return resource as unknown as Known<R>;
}

/** The path to the first unknown value inside `value`, if any. */
function findUnknown(value: unknown, path: string): { path: string; reason: string } | undefined {
  if (isUnknown(value)) return { path: path || "the resource", reason: value.reason };
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, inner] of Object.entries(value)) {
    const found = findUnknown(inner, Array.isArray(value) ? `${path}[${key}]` : path ? `${path}.${key}` : key);
    if (found) return found;
  }
  return undefined;
}
