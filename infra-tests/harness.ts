/**
 * Offline infrastructure-test harness.
 *
 * Runs an `sst.config.ts` the way the SST v4 CLI does (`sst deploy` → Pulumi language host), but with Pulumi's
 * mock monitor in place of the engine, so nothing talks to AWS:
 *
 * 1. Evaluate the config's `app()` from an esbuild bundle whose banner defines `$config` (CLI: "~j" step), then
 *    normalise the result the way the CLI does (default `removal`, `home` provider added to `providers`).
 * 2. Bundle `<platform>/src/auto/run.ts` + the config with the CLI's build options: `$app`, `$cli`, `$dev` as
 *    esbuild defines, `src/shim/run.js` injected (`$interpolate`, `$transform`, ...), and, in every file outside
 *    `.sst`, `import * as <alias> from "<package>"` per `.sst/provider-lock.json` plus
 *    `import * as sst from "<platform>/src/components"`.
 * 3. Start a loopback JSON-RPC server standing in for the CLI (`SST_SERVER`): `Runtime.Build` answers a stub
 *    bundle, `Provider.Aws.Bootstrap` answers fake bootstrap buckets.
 * 4. `pulumi.runtime.setMocks(...)`, then `runInPulumiStack(() => run(config.run))`, then drain: wait on Pulumi's
 *    registration queue until nothing (resource, invoke, RPC, file or socket work) has happened for ~60 ms, and
 *    only then `pulumi.runtime.disconnect()`. Disconnecting as soon as the program's promise settles loses every
 *    resource a component registers later from inside an apply (a function's code, role, the function itself).
 * 5. Any unhandled rejection during the run (what makes the real language host fail) fails `runApp`.
 *
 * `@pulumi/pulumi` is loaded from `.sst/platform/node_modules`, the same copy the bundle imports, so the mocks
 * installed here are the ones the components see.
 */
import { existsSync, readFileSync } from "node:fs";
import { mkdir, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { isMainThread, threadId } from "node:worker_threads";
import type * as PulumiModule from "../.sst/platform/node_modules/@pulumi/pulumi/index.js";
import { revealSecrets } from "../packages/aws/src/readers/pulumi/index.ts";

type Pulumi = typeof PulumiModule;
type MockResourceArgs = PulumiModule.runtime.MockResourceArgs;
type MockCallArgs = PulumiModule.runtime.MockCallArgs;
type Dict = Record<string, unknown>;

/** The repository root: the project whose `.sst/platform` the harness uses. */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

export const DEFAULT_ACCOUNT_ID = "123456789012";

export interface RunAppOptions {
  /** Path to the config file, absolute or relative to `root`. Default `<root>/sst.config.ts`. */
  config?: string;
  /**
   * Project root: holds `.sst/platform` and is the directory the program runs in (`$cli.paths.root`), so handler
   * paths in any config, fixtures included, are relative to it. Default: the repository root.
   */
  root?: string;
  /** Default "test". */
  stage?: string;
  /** Default "us-east-1". */
  region?: string;
  /** Default "123456789012". */
  accountId?: string;
  /** `$dev` (as under `sst dev`). Default false. */
  dev?: boolean;
  /** Pulumi dry run (preview): unknown outputs stay unknown. Default false (as in `sst deploy`). */
  preview?: boolean;
  /** Values of `sst.Secret`s, by secret name (the CLI passes them as `SST_SECRET_<name>`). */
  secrets?: Record<string, string>;
  /** Extra environment variables for the duration of the run. */
  env?: Record<string, string>;
  /**
   * Contents to deploy in place of project files, by path relative to `root`: the app as a user would deploy it
   * after editing that file (a different `vigil.config.ts`, say).
   */
  files?: Record<string, string>;
  /** Answers for invoke tokens the harness does not know (or to override one it does). */
  invokes?: Record<string, (inputs: Dict) => Dict | Promise<Dict>>;
  /** Answers for CLI RPC methods (e.g. `"Provider.Aws.Appsync"`), overriding or adding to the built-in ones. */
  rpc?: Record<string, (params: Dict) => unknown>;
  /** Whole run bound. Default 15 000 ms. */
  timeoutMs?: number;
}

export interface AppConfig {
  name: string;
  stage: string;
  removal: "remove" | "retain" | "retain-all";
  protect: boolean;
  home: string;
  providers: Record<string, unknown>;
  version?: string;
}

export interface RegisteredResource {
  /** Pulumi type token: `aws:lambda/function:Function`, `sst:aws:Function`, ... */
  type: string;
  /** Logical name as given to the constructor (SST prefixes children: `MyFunctionRole`). */
  name: string;
  /** True for provider resources, false for components. */
  custom: boolean;
  /** Physical id answered by the mock (`""` for components). */
  id: string;
  /** Inputs as the provider would receive them (outputs resolved; dynamic-provider code dropped). */
  inputs: Dict;
  /** State answered by the mock: the inputs plus computed attributes (`arn`, `name`, `url`, ...). */
  outputs: Dict;
  /** `true` when the resource was read (`Resource.get`) or imported rather than created. */
  read: boolean;
  /** Resource options the transformations set that tests care about. */
  retainOnDelete: boolean | undefined;
}

export interface InvokeRecord {
  token: string;
  inputs: Dict;
  result: Dict;
}

export interface RpcRecord {
  method: string;
  params: Dict;
}

export interface AppRun {
  app: AppConfig;
  /** Every registered resource and component, in registration order. */
  resources: RegisteredResource[];
  /** What `run()` returned (plus `_protect`, added by the platform), resolved. */
  outputs: Dict;
  invokes: InvokeRecord[];
  /** Every RPC the program made to the stand-in CLI, `Runtime.Build` included. */
  rpc: RpcRecord[];
  /** Resources of one type token. */
  byType(type: string): RegisteredResource[];
  /** The one resource with this logical name (and type, when given); throws when absent or ambiguous. */
  get(name: string, type?: string): RegisteredResource;
}

// ---------------------------------------------------------------------------------------------------------------
// Platform loading
// ---------------------------------------------------------------------------------------------------------------

interface EsbuildMessage {
  text: string;
  location: { file: string; line: number; column: number } | null;
}
interface EsbuildPlugin {
  name: string;
  setup(build: {
    onLoad(
      options: { filter: RegExp },
      callback: (args: { path: string }) => Promise<{ contents: string; loader: string } | undefined>,
    ): void;
  }): void;
}
interface Esbuild {
  build(options: Dict & { plugins?: EsbuildPlugin[] }): Promise<{ errors: EsbuildMessage[] }>;
}

interface Platform {
  dir: string;
  require: NodeJS.Require;
  pulumi: Pulumi;
  esbuild: Esbuild;
  /** `import * as aws from "@pulumi/aws";` ... as the CLI prepends to user files. */
  globals: string;
}

let platformCache: Platform | undefined;

function loadPlatform(root: string): Platform {
  const dir = path.join(root, ".sst", "platform");
  if (platformCache?.dir === dir) return platformCache;
  if (!existsSync(path.join(dir, "src", "auto", "run.ts"))) {
    throw new Error(
      `No SST platform in ${dir}. Run: SST_SKIP_DEPENDENCY_CHECK=1 SST_NO_BUN=1 SST_TELEMETRY_DISABLED=1 npx sst install --stage ci`,
    );
  }
  const req = createRequire(path.join(dir, "package.json"));
  const lockFile = path.join(root, ".sst", "provider-lock.json");
  const lock: { alias: string; package: string }[] = existsSync(lockFile)
    ? JSON.parse(readFileSync(lockFile, "utf8"))
    : [{ alias: "aws", package: "@pulumi/aws" }];
  const globals = [
    ...lock.map((entry) => `import * as ${entry.alias} from "${entry.package}";`),
    `import * as sst from "${toPosix(path.join(dir, "src", "components"))}";`,
  ].join("\n");
  platformCache = {
    dir,
    require: req,
    pulumi: req("@pulumi/pulumi") as Pulumi,
    esbuild: req("esbuild") as Esbuild,
    globals,
  };
  return platformCache;
}

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

/**
 * Bundles are written under `.sst/platform/node_modules/.infra-tests/`: Node resolves `@pulumi/*` from there to
 * the platform's copies, and vitest treats anything under `node_modules` as external, importing it natively
 * instead of re-transforming a multi-megabyte bundle on every run (~1.5 s saved per run).
 */
const nativeImport = (specifier: string): Promise<Dict> => import(/* @vite-ignore */ specifier);

let bundleCounter = 0;

/** esbuild with the options of the CLI's `js.Build` (pkg/js/js.go). */
async function bundle(
  platform: Platform,
  root: string,
  input: {
    code: string;
    banner?: string;
    define?: Record<string, string>;
    inject?: string[];
    globals?: string;
    files?: Record<string, string>;
  },
): Promise<string> {
  bundleCounter += 1;
  const outfile = path.join(
    platform.dir,
    "node_modules",
    ".infra-tests",
    `sst.config.${process.pid}-${threadId}.${Date.now()}.${bundleCounter}.mjs`,
  );
  const globals = input.globals;
  const result = await platform.esbuild.build({
    banner: {
      js: [
        `import { createRequire as topLevelCreateRequire } from 'module';`,
        `const require = topLevelCreateRequire(import.meta.url);`,
        `import { fileURLToPath as topLevelFileUrlToPath, URL as topLevelURL } from "url"`,
        `const __filename = topLevelFileUrlToPath(import.meta.url)`,
        `const __dirname = topLevelFileUrlToPath(new topLevelURL(".", import.meta.url))`,
        input.banner ?? "",
      ].join("\n"),
    },
    mainFields: ["module", "main"],
    format: "esm",
    platform: "node",
    sourcemap: "linked",
    stdin: { contents: input.code, resolveDir: root, sourcefile: "eval.ts", loader: "ts" },
    nodePaths: [path.join(platform.dir, "node_modules")],
    plugins: globals
      ? [
          {
            name: "InjectGlobals",
            setup(build) {
              build.onLoad({ filter: /\.(js|ts|jsx|tsx)$/ }, async (args) => {
                if (args.path.includes(".sst")) return undefined;
                const replaced = input.files?.[toPosix(path.relative(root, args.path))];
                const contents = replaced ?? (await readFile(args.path, "utf8"));
                return { contents: `${globals}\n${contents}`, loader: loaderFor(args.path) };
              });
            },
          },
        ]
      : [],
    external: [
      "@pulumi/*",
      "undici",
      "@pulumiverse/*",
      "@sst-provider/*",
      "@aws-sdk/*",
      "esbuild",
      "archiver",
      "glob",
      "vite",
    ],
    define: input.define ?? {},
    inject: input.inject ?? [],
    outfile,
    write: true,
    bundle: true,
    logLevel: "silent",
  });
  if (result.errors.length > 0) {
    throw new Error(
      `esbuild failed:\n${result.errors
        .map((e) => (e.location ? `${e.location.file}:${e.location.line}:${e.location.column}: ${e.text}` : e.text))
        .join("\n")}`,
    );
  }
  return outfile;
}

function loaderFor(file: string): string {
  const ext = path.extname(file).slice(1);
  return ext === "mjs" || ext === "cjs" ? "js" : ext;
}

async function removeBundle(outfile: string): Promise<void> {
  await rm(outfile, { force: true });
  await rm(`${outfile}.map`, { force: true });
}

// ---------------------------------------------------------------------------------------------------------------
// app(): evaluated as `sst` evaluates it, then normalised as pkg/project/project.go does
// ---------------------------------------------------------------------------------------------------------------

interface ConfigModule {
  app(input: { stage: string }): Dict | Promise<Dict>;
  run(): Promise<Dict | undefined>;
}

async function evaluateApp(platform: Platform, root: string, configPath: string, stage: string): Promise<AppConfig> {
  const outfile = await bundle(platform, root, {
    banner: "function $config(input) { return input }",
    code: `import mod from ${JSON.stringify(toPosix(configPath))};\nexport default mod;`,
  });
  try {
    const mod = (await nativeImport(pathToFileURL(outfile).href)).default as ConfigModule;
    if (typeof mod?.app !== "function" || typeof mod.run !== "function") {
      throw new Error(`${configPath} does not export $config({ app, run })`);
    }
    const raw = await mod.app({ stage });
    return normaliseApp(raw, stage);
  } finally {
    await removeBundle(outfile);
  }
}

function normaliseApp(raw: Dict, stage: string): AppConfig {
  if ("removalPolicy" in raw) throw new Error(`The "removalPolicy" has been renamed to "removal"`);
  const name = raw.name;
  if (typeof name !== "string" || name === "") throw new Error("Project name is required");
  const home = raw.home;
  if (typeof home !== "string" || home === "") {
    throw new Error(`You must specify a "home" provider in the project configuration file.`);
  }
  const providers: Record<string, unknown> = {};
  for (const [key, value] of Object.entries((raw.providers as Dict | undefined) ?? {})) {
    providers[key] = value === true ? {} : typeof value === "string" ? { version: value } : value;
  }
  if (home !== "local" && !(home in providers)) providers[home] = {};
  const removal = (raw.removal ?? "retain") as AppConfig["removal"];
  if (!["remove", "retain", "retain-all"].includes(removal)) {
    throw new Error("Removal must be one of: remove, retain, retain-all");
  }
  return {
    name,
    stage,
    removal,
    protect: raw.protect === true,
    home,
    providers,
    ...(typeof raw.version === "string" ? { version: raw.version } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// The stand-in CLI server (`SST_SERVER`)
// ---------------------------------------------------------------------------------------------------------------

interface BuildInput {
  functionID: string;
  handler: string;
  bundle?: string;
  runtime: string;
  properties?: { format?: string };
}

const HANDLER_EXTENSIONS = [".ts", ".tsx", ".mts", ".cts", ".js", ".jsx", ".mjs", ".cjs"];

/**
 * Stub of the CLI's `Runtime.Build` for Node.js functions: checks the handler file exists (as the CLI does), then
 * writes a one-line module exporting the handler name, where the CLI would write the esbuild bundle.
 */
async function stubBuild(input: BuildInput, root: string, work: string) {
  if (input.bundle) return { handler: input.handler, out: input.bundle, errors: [], sourcemaps: [] };
  if (!input.runtime.startsWith("nodejs")) {
    return { handler: input.handler, out: "", errors: [`infra-tests: no stub build for ${input.runtime}`] };
  }
  const exportName = path.extname(input.handler).slice(1);
  const base = input.handler.slice(0, input.handler.length - exportName.length - 1);
  const file = HANDLER_EXTENSIONS.map((ext) => path.resolve(root, base + ext)).find((f) => existsSync(f));
  if (!file || exportName === "") {
    return { handler: input.handler, out: "", errors: [`Handler not found: ${input.handler}`], sourcemaps: [] };
  }
  const rel = path.relative(root, file);
  const fileName = path.basename(rel, path.extname(rel)).replaceAll(".", "-");
  const modulePath = path.join(path.dirname(rel), fileName);
  const ext = input.properties?.format === "cjs" ? ".cjs" : ".mjs";
  const out = path.join(work, "artifacts", `${input.functionID}-src`);
  await rm(out, { recursive: true, force: true });
  await mkdir(path.dirname(path.join(out, modulePath)), { recursive: true });
  await writeFile(
    path.join(out, modulePath + ext),
    `export const ${exportName} = async () => { throw new Error("infra-tests stub bundle of ${toPosix(rel)}"); };\n`,
  );
  return { handler: `${toPosix(modulePath)}.${exportName}`, out, errors: [], sourcemaps: [] };
}

function shortHash(text: string): string {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h.toString(16).padStart(8, "0");
}

interface RpcServer {
  server: Server;
  url: string;
  /** Requests received and not yet answered. */
  inFlight(): number;
}

async function startServer(
  handlers: Record<string, (params: Dict) => unknown>,
  record: (call: RpcRecord) => void,
): Promise<RpcServer> {
  let pending = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    pending += 1;
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk: string) => {
      body += chunk;
    });
    req.on("end", async () => {
      let id: unknown = null;
      let reply: Dict;
      try {
        const request = JSON.parse(body) as { method: string; params?: Dict[]; id?: unknown };
        id = request.id ?? null;
        const params = request.params?.[0] ?? {};
        record({ method: request.method, params });
        const handler = handlers[request.method];
        // Go's net/rpc wording: the platform turns it into MethodNotFoundError.
        reply = handler
          ? { id, result: await handler(params), error: null }
          : { id, result: null, error: `rpc: can't find method ${request.method}` };
      } catch (err) {
        reply = { id, result: null, error: err instanceof Error ? err.message : String(err) };
      }
      // No keep-alive: an idle pooled socket would look like work in progress to `drain`.
      res.writeHead(200, { "content-type": "application/json", connection: "close" });
      res.end(JSON.stringify(reply), () => {
        pending -= 1;
      });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  return {
    server,
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    inFlight: () => pending,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Mocks: realistic ids, ARNs and invoke answers
// ---------------------------------------------------------------------------------------------------------------

interface MockContext {
  region: string;
  accountId: string;
}

/** What the provider would auto-name: `<logical name>-<7 hex>`. */
function autoName(args: MockResourceArgs): string {
  return `${args.name}-${shortHash(`${args.type}::${args.name}`).slice(0, 7)}`;
}

function str(value: unknown): string | undefined {
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Computed attributes of AWS resources, as the provider would return them after create. */
function awsState(args: MockResourceArgs, ctx: MockContext): { id: string; state: Dict } {
  const { region, accountId } = ctx;
  const inputs = args.inputs as Dict;
  const [, module = "", resource = ""] = args.type.split(/[:/]/);
  const name = str(inputs.name) ?? (str(inputs.namePrefix) ? `${inputs.namePrefix}${shortHash(args.name)}` : undefined);
  const physical = name ?? autoName(args);
  const arnOf = (service: string, res: string, regional = true) =>
    `arn:aws:${service}:${regional ? region : ""}:${accountId}:${res}`;
  const state: Dict = { ...inputs };
  let id = physical;
  switch (args.type) {
    case "aws:iam/role:Role":
      Object.assign(state, {
        name: physical,
        arn: arnOf("iam", `role${str(inputs.path) ?? "/"}${physical}`, false),
        uniqueId: `AROA${shortHash(physical).toUpperCase()}EXAMPLE`,
      });
      break;
    case "aws:iam/policy:Policy":
      Object.assign(state, {
        name: physical,
        arn: arnOf("iam", `policy${str(inputs.path) ?? "/"}${physical}`, false),
        policyId: `ANPA${shortHash(physical).toUpperCase()}EXAMPLE`,
      });
      id = state.arn as string;
      break;
    case "aws:iam/user:User":
      Object.assign(state, { name: physical, arn: arnOf("iam", `user/${physical}`, false) });
      break;
    case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
    case "aws:iam/rolePolicy:RolePolicy":
      id = `${String(inputs.role)}-${shortHash(args.name)}`;
      break;
    case "aws:lambda/function:Function": {
      const arn = arnOf("lambda", `function:${physical}`);
      Object.assign(state, {
        name: physical,
        arn,
        qualifiedArn: `${arn}:$LATEST`,
        invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations`,
        qualifiedInvokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}:$LATEST/invocations`,
        version: "$LATEST",
        lastModified: "2026-01-01T00:00:00.000+0000",
        sourceCodeHash: shortHash(physical),
      });
      break;
    }
    case "aws:lambda/functionUrl:FunctionUrl":
      state.functionUrl = `https://${shortHash(args.name)}${shortHash(`${args.name}u`)}.lambda-url.${region}.on.aws/`;
      id = String(inputs.functionName);
      break;
    case "aws:dynamodb/table:Table": {
      const arn = arnOf("dynamodb", `table/${physical}`);
      Object.assign(state, { name: physical, arn });
      if (inputs.streamEnabled) {
        state.streamLabel = "2026-01-01T00:00:00.000";
        state.streamArn = `${arn}/stream/2026-01-01T00:00:00.000`;
      }
      break;
    }
    case "aws:sqs/queue:Queue": {
      const queueName = inputs.fifoQueue && !physical.endsWith(".fifo") ? `${physical}.fifo` : physical;
      Object.assign(state, {
        name: queueName,
        arn: arnOf("sqs", queueName),
        url: `https://sqs.${region}.amazonaws.com/${accountId}/${queueName}`,
      });
      id = state.url as string;
      break;
    }
    case "aws:sns/topic:Topic":
      Object.assign(state, { name: physical, arn: arnOf("sns", physical) });
      id = state.arn as string;
      break;
    case "aws:cloudwatch/eventBus:EventBus":
      Object.assign(state, { name: physical, arn: arnOf("events", `event-bus/${physical}`) });
      break;
    case "aws:cloudwatch/eventRule:EventRule": {
      const bus = str(inputs.eventBusName);
      const busName = bus?.startsWith("arn:") ? bus.split("/").pop() : bus;
      Object.assign(state, {
        name: physical,
        arn: arnOf("events", `rule/${busName && busName !== "default" ? `${busName}/` : ""}${physical}`),
      });
      id = busName && busName !== "default" ? `${busName}/${physical}` : physical;
      break;
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      Object.assign(state, { name: physical, arn: arnOf("logs", `log-group:${physical}`) });
      break;
    case "aws:scheduler/schedule:Schedule":
      Object.assign(state, {
        name: physical,
        arn: arnOf("scheduler", `schedule/${str(inputs.groupName) ?? "default"}/${physical}`),
      });
      break;
    case "aws:s3/bucket:Bucket":
    case "aws:s3/bucketV2:BucketV2": {
      const bucket = str(inputs.bucket) ?? autoName(args).toLowerCase();
      Object.assign(state, {
        bucket,
        arn: `arn:aws:s3:::${bucket}`,
        bucketDomainName: `${bucket}.s3.amazonaws.com`,
        bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com`,
        region,
      });
      id = bucket;
      break;
    }
    case "aws:s3/bucketObjectv2:BucketObjectv2":
      Object.assign(state, { etag: shortHash(args.name), versionId: "" });
      id = String(inputs.key);
      break;
    case "aws:apigatewayv2/api:Api": {
      const apiId = shortHash(args.name).slice(0, 10);
      Object.assign(state, {
        arn: `arn:aws:apigateway:${region}::/apis/${apiId}`,
        apiEndpoint: `https://${apiId}.execute-api.${region}.amazonaws.com`,
        executionArn: arnOf("execute-api", apiId),
      });
      id = apiId;
      break;
    }
    case "aws:kms/key:Key": {
      const keyId = `${shortHash(args.name)}-0000-4000-8000-${shortHash(args.type)}0000`;
      Object.assign(state, { keyId, arn: arnOf("kms", `key/${keyId}`) });
      id = keyId;
      break;
    }
    case "aws:secretsmanager/secret:Secret":
      Object.assign(state, { name: physical, arn: arnOf("secretsmanager", `secret:${physical}-AbCdEf`) });
      id = state.arn as string;
      break;
    case "aws:ssm/parameter:Parameter":
      Object.assign(state, { name: physical, arn: arnOf("ssm", `parameter/${physical.replace(/^\//, "")}`) });
      break;
    default:
      // Unknown AWS type: a plausible `arn:aws:<module>:<region>:<account>:<resource>/<name>`.
      if (!("arn" in state)) state.arn = arnOf(module, `${resource.toLowerCase()}/${physical}`);
      if (name === undefined && !("name" in state)) state.name = physical;
  }
  state.id = id;
  state.tagsAll = { ...((inputs.tags as Dict | undefined) ?? {}) };
  return { id, state };
}

function mockResource(args: MockResourceArgs, ctx: MockContext): { id: string; state: Dict } {
  if (!args.custom) return { id: "", state: { ...args.inputs } };
  if (args.type.startsWith("aws:")) return awsState(args, ctx);
  const state: Dict = { ...args.inputs };
  switch (args.type) {
    case "random:index/randomBytes:RandomBytes": {
      const length = Number(args.inputs.length ?? 32);
      const bytes = Buffer.alloc(length, shortHash(args.name));
      Object.assign(state, { base64: bytes.toString("base64"), hex: bytes.toString("hex") });
      break;
    }
    case "random:index/randomString:RandomString":
    case "random:index/randomPassword:RandomPassword": {
      const length = Number(args.inputs.length ?? 16);
      state.result = shortHash(args.name)
        .repeat(Math.ceil(length / 8))
        .slice(0, length);
      break;
    }
  }
  return { id: `${args.name}-${shortHash(args.type).slice(0, 7)}`, state };
}

/** The AWS provider's `aws:iam/getPolicyDocument` rendering (single values collapse to strings). */
export function renderPolicyDocument(inputs: Dict): Dict {
  const one = (values: unknown) => {
    const list = Array.isArray(values) ? values : [values];
    return list.length === 1 ? list[0] : list;
  };
  const principals = (list: unknown) => {
    const out: Dict = {};
    for (const p of (list as { type: string; identifiers: string[] }[]) ?? []) {
      if (p.type === "*" && p.identifiers.length === 1 && p.identifiers[0] === "*") return "*";
      out[p.type] = one(p.identifiers);
    }
    return out;
  };
  const render = (s: Dict): Dict => {
    const out: Dict = {};
    if (s.sid) out.Sid = s.sid;
    out.Effect = s.effect ?? "Allow";
    if (s.actions) out.Action = one(s.actions);
    if (s.notActions) out.NotAction = one(s.notActions);
    if (s.resources) out.Resource = one(s.resources);
    if (s.notResources) out.NotResource = one(s.notResources);
    if (s.principals) out.Principal = principals(s.principals);
    if (s.notPrincipals) out.NotPrincipal = principals(s.notPrincipals);
    if (Array.isArray(s.conditions) && s.conditions.length > 0) {
      const condition: Record<string, Dict> = {};
      for (const c of s.conditions as { test: string; variable: string; values: string[] }[]) {
        condition[c.test] ??= {};
        condition[c.test]![c.variable] = one(c.values);
      }
      out.Condition = condition;
    }
    return out;
  };
  const merge = (into: Dict[], docs: unknown) => {
    for (const doc of (docs as string[] | undefined) ?? []) {
      const parsed = JSON.parse(doc) as { Statement?: Dict | Dict[] };
      const statements = Array.isArray(parsed.Statement)
        ? parsed.Statement
        : parsed.Statement
          ? [parsed.Statement]
          : [];
      for (const st of statements) {
        const at = st.Sid ? into.findIndex((x) => x.Sid === st.Sid) : -1;
        if (at >= 0) into[at] = st;
        else into.push(st);
      }
    }
  };
  const statements: Dict[] = [];
  merge(statements, inputs.sourcePolicyDocuments);
  merge(
    statements,
    ((inputs.statements as Dict[] | undefined) ?? []).map((s) => JSON.stringify({ Statement: render(s) })),
  );
  merge(statements, inputs.overridePolicyDocuments);
  const doc: Dict = { Version: inputs.version ?? "2012-10-17" };
  if (inputs.policyId) doc.Id = inputs.policyId;
  doc.Statement = statements;
  const json = JSON.stringify(doc, null, 2);
  return {
    ...inputs,
    id: String(shortHash(json)),
    json,
    minifiedJson: JSON.stringify(doc),
    // Like the provider, an empty list comes back absent (SST then skips the inline policy).
    statements: (inputs.statements as unknown[] | undefined)?.length ? inputs.statements : undefined,
  };
}

const REGION_NAMES: Record<string, string> = {
  "us-east-1": "US East (N. Virginia)",
  "us-east-2": "US East (Ohio)",
  "us-west-2": "US West (Oregon)",
  "eu-west-1": "Europe (Ireland)",
  "eu-central-1": "Europe (Frankfurt)",
};

function builtInInvokes(ctx: MockContext): Record<string, (inputs: Dict) => Dict> {
  const { region, accountId } = ctx;
  return {
    "aws:iam/getPolicyDocument:getPolicyDocument": renderPolicyDocument,
    "aws:index/getCallerIdentity:getCallerIdentity": () => ({
      id: accountId,
      accountId,
      arn: `arn:aws:sts::${accountId}:assumed-role/infra-tests/vigil`,
      userId: "AROAEXAMPLEINFRATESTS:vigil",
    }),
    "aws:index/getRegion:getRegion": (inputs) => {
      const name = str(inputs.region) ?? str(inputs.name) ?? region;
      return {
        id: name,
        name,
        region: name,
        description: REGION_NAMES[name] ?? name,
        endpoint: `ec2.${name}.amazonaws.com`,
      };
    },
    "aws:index/getPartition:getPartition": () => ({
      id: "aws",
      partition: "aws",
      dnsSuffix: "amazonaws.com",
      reverseDnsPrefix: "com.amazonaws",
    }),
    "aws:index/getAvailabilityZones:getAvailabilityZones": () => ({
      id: region,
      names: ["a", "b", "c"].map((z) => `${region}${z}`),
      zoneIds: ["1", "2", "3"].map((z) => `${region.replace(/^(\w+)-(\w)\w*-(\d+)$/, "$1$2$3")}-az${z}`),
      groupNames: [region],
    }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// runApp
// ---------------------------------------------------------------------------------------------------------------

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs a config under Pulumi mocks and returns what it registered. Runs are serialised: the Pulumi runtime
 * state is process-global.
 */
export function runApp(options: RunAppOptions = {}): Promise<AppRun> {
  const next = queue.then(() => runAppNow(options));
  queue = next.catch(() => undefined);
  return next;
}

async function runAppNow(options: RunAppOptions): Promise<AppRun> {
  const root = path.resolve(options.root ?? REPO_ROOT);
  const configPath = path.resolve(root, options.config ?? "sst.config.ts");
  const stage = options.stage ?? "test";
  const ctx: MockContext = {
    region: options.region ?? "us-east-1",
    accountId: options.accountId ?? DEFAULT_ACCOUNT_ID,
  };
  const dev = options.dev ?? false;
  const timeoutMs = options.timeoutMs ?? 15_000;
  if (!existsSync(configPath)) throw new Error(`No config at ${configPath}`);

  const platform = loadPlatform(root);
  const { pulumi } = platform;
  const work = await mkdtemp(path.join(tmpdir(), "vigil-infra-tests-"));
  const resources: RegisteredResource[] = [];
  const invokes: InvokeRecord[] = [];
  const rpcCalls: RpcRecord[] = [];
  const errors = new Set<unknown>();
  const resourceOptions = new Map<string, { retainOnDelete: boolean | undefined }>();
  const restoreEnv = setEnv({
    SST_AWS_REGION: ctx.region,
    SST_AWS_ACCESS_KEY_ID: "AKIAINFRATESTSEXAMPLE",
    SST_AWS_SECRET_ACCESS_KEY: "infra-tests",
    SST_AWS_SESSION_TOKEN: "",
    SST_SECRETS: undefined,
    ...Object.fromEntries(Object.entries(options.secrets ?? {}).map(([k, v]) => [`SST_SECRET_${k}`, v])),
    ...options.env,
  });
  const originalCwd = process.cwd();
  const restoreChdir = guardChdir();
  const onError = (err: unknown) => {
    errors.add(err);
  };
  process.on("unhandledRejection", onError);
  process.on("uncaughtException", onError);

  let server: Server | undefined;
  let outfile: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let finished = false;
  try {
    const app = await evaluateApp(platform, root, configPath, stage);

    const rpcHandlers: Record<string, (params: Dict) => unknown> = {
      "Runtime.Build": (params) => stubBuild(params as unknown as BuildInput, root, work),
      "Runtime.AddTarget": () => ({}),
      "Provider.Aws.Bootstrap": (params) => {
        const region = str(params.region) ?? ctx.region;
        const suffix = shortHash(`${ctx.accountId}:${region}`);
        return {
          asset: `sst-asset-${suffix}`,
          assetEcrRegistryId: ctx.accountId,
          assetEcrUrl: `${ctx.accountId}.dkr.ecr.${region}.amazonaws.com/sst-asset-${suffix}`,
          state: `sst-state-${suffix}`,
          appsyncHttp: "",
          appsyncRealtime: "",
        };
      },
      ...options.rpc,
    };
    const rpcServer = await startServer(rpcHandlers, (call) => rpcCalls.push(call));
    server = rpcServer.server;
    process.env.SST_SERVER = rpcServer.url;

    const cli = {
      command: "deploy",
      dev,
      rpc: process.env.SST_SERVER,
      paths: { home: work, root, work, platform: platform.dir },
      state: { version: {} },
    };
    outfile = await bundle(platform, root, {
      define: { $app: JSON.stringify(app), $cli: JSON.stringify(cli), $dev: JSON.stringify(dev) },
      inject: [path.join(platform.dir, "src", "shim", "run.js")],
      globals: platform.globals,
      ...(options.files && { files: options.files }),
      code: [
        `import { run } from ${JSON.stringify(toPosix(path.join(platform.dir, "src", "auto", "run.ts")))};`,
        `import mod from ${JSON.stringify(toPosix(configPath))};`,
        "export { run, mod };",
      ].join("\n"),
    });

    const invokeHandlers = { ...builtInInvokes(ctx), ...options.invokes };
    await pulumi.runtime.setMocks(
      {
        newResource(args: MockResourceArgs) {
          const custom = args.custom !== false;
          const inputs = { ...(args.inputs as Dict) };
          if (args.type === "pulumi-nodejs:dynamic:Resource") delete inputs.__provider;
          const answer = mockResource({ ...args, inputs, custom }, ctx);
          resources.push({
            type: args.type,
            name: args.name,
            custom,
            id: answer.id,
            // Tests assert values; which of them Pulumi would keep secret (all of a function linked to an
            // `sst.Secret`) does not change them.
            inputs: revealSecrets(inputs) as Dict,
            outputs: revealSecrets(answer.state) as Dict,
            read: args.id !== undefined && args.id !== "",
            retainOnDelete: resourceOptions.get(`${args.type}::${args.name}`)?.retainOnDelete,
          });
          return answer;
        },
        async call(args: MockCallArgs) {
          const handler = invokeHandlers[args.token];
          if (!handler) {
            throw new Error(`infra-tests: no mock for invoke ${args.token}; pass one in runApp({ invokes })`);
          }
          const result = await handler(args.inputs as Dict);
          invokes.push({ token: args.token, inputs: args.inputs as Dict, result });
          return result;
        },
      },
      app.name,
      stage,
      options.preview ?? false,
    );
    pulumi.runtime.setAllConfig(providerConfig(app, ctx.region), []);

    const { run, mod: config } = (await nativeImport(pathToFileURL(outfile).href)) as {
      run: (program: () => Promise<Dict | undefined>) => Promise<Dict>;
      mod: ConfigModule;
    };

    const execution = (async () => {
      const outputs = await pulumi.runtime.runInPulumiStack(() =>
        run(() => {
          // Registered after the platform's stack transformations (removal → retainOnDelete, tags), so it sees
          // the options they set: mocks never see resource options.
          pulumi.runtime.registerStackTransformation((args) => {
            resourceOptions.set(`${args.type}::${args.name}`, { retainOnDelete: args.opts.retainOnDelete });
            return undefined;
          });
          return config.run();
        }),
      );
      // The Pulumi language host ends when Node's event loop is empty, not when the program's promise settles:
      // components keep registering resources from inside applies (after `Runtime.Build` answers, after a zip
      // is written). Drain until nothing has happened for a while.
      await drain(
        pulumi,
        () => resources.length + invokes.length + rpcCalls.length,
        rpcServer.inFlight,
        () => errors.size > 0 || finished,
      );
      return (outputs ?? {}) as Dict;
    })();
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`infra-tests: ${path.relative(root, configPath)} did not finish in ${timeoutMs} ms`)),
        timeoutMs,
      );
    });
    const outputs = await Promise.race([execution, timeout]);
    // Let rejections from fire-and-forget applies surface before judging the run.
    await new Promise((resolve) => setImmediate(resolve));
    if (pulumi.log.hasErrors() && errors.size === 0) errors.add(new Error("Pulumi logged errors (see stderr)"));
    if (errors.size > 0) {
      const messages = [...new Set([...errors].map((e) => (e instanceof Error ? e.message : String(e))))];
      throw new AggregateError(
        [...errors],
        `infra-tests: ${path.relative(root, configPath)} failed:\n${messages.map((m) => `  - ${m}`).join("\n")}`,
      );
    }
    return makeRun(app, resources, outputs, invokes, rpcCalls);
  } finally {
    finished = true;
    clearTimeout(timer);
    process.off("unhandledRejection", onError);
    process.off("uncaughtException", onError);
    if (process.cwd() !== originalCwd) process.chdir(originalCwd);
    restoreChdir();
    restoreEnv();
    await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    if (outfile) await removeBundle(outfile);
    await rm(work, { recursive: true, force: true });
  }
}

/** Handle types that mean file or socket work is still under way in this thread. */
const BUSY_HANDLES = new Set([
  "FSReqCallback",
  "FSReqPromise",
  "FileHandle",
  "FileHandleCloseReq",
  "TCPConnectWrap",
  "TCPSocketWrap",
  "TCPWRAP",
  "WriteWrap",
  "ShutdownWrap",
  "Zlib",
]);

const IDLE_MS = 20;
const IDLE_ROUNDS = 3;

/**
 * Waits for Pulumi's registration queue, then until, several rounds in a row, no resource, invoke or RPC was
 * added, no RPC is pending and no file or socket operation is active.
 */
async function drain(
  pulumi: Pulumi,
  activity: () => number,
  inFlight: () => number,
  failed: () => boolean,
): Promise<void> {
  // `disconnect()` would detach the mock monitor: anything registered after it is silently dropped. Wait on the
  // registration queue alone (`waitForRPCs`, exported but untyped) until everything is quiet, then disconnect.
  const { waitForRPCs } = pulumi.runtime as unknown as { waitForRPCs?: () => Promise<void> };
  let last = -1;
  let quiet = 0;
  while (quiet < IDLE_ROUNDS) {
    // A failed program can leave registrations waiting forever on a rejected input: the real language host
    // exits on the first unhandled error, so does this.
    const cancelled = { value: false };
    await Promise.race([waitForRPCs?.(), until(failed, cancelled)]);
    cancelled.value = true;
    if (failed()) return;
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
    const busy = inFlight() > 0 || process.getActiveResourcesInfo().some((type) => BUSY_HANDLES.has(type));
    const now = activity();
    quiet = !busy && now === last ? quiet + 1 : 0;
    last = now;
  }
  await pulumi.runtime.disconnect();
}

/** Resolves once `condition()` holds or `cancelled.value` is set (so no poll outlives the race it was in). */
async function until(condition: () => boolean, cancelled: { value: boolean }): Promise<void> {
  while (!condition() && !cancelled.value) await new Promise((resolve) => setTimeout(resolve, IDLE_MS));
}

/** Stack config the CLI writes (`aws:region`, ...) from `providers`. */
function providerConfig(app: AppConfig, region: string): Record<string, string> {
  const config: Record<string, string> = {};
  for (const [provider, args] of Object.entries(app.providers)) {
    for (const [key, value] of Object.entries((args as Dict) ?? {})) {
      if (key === "version" || key === "package") continue;
      config[`${provider}:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
    }
  }
  if ("aws" in app.providers) config["aws:region"] ??= region;
  return config;
}

function makeRun(
  app: AppConfig,
  resources: RegisteredResource[],
  outputs: Dict,
  invokes: InvokeRecord[],
  rpc: RpcRecord[],
): AppRun {
  return {
    app,
    resources: [...resources],
    outputs,
    invokes,
    rpc,
    byType: (type) => resources.filter((r) => r.type === type),
    get(name, type) {
      const found = resources.filter((r) => r.name === name && (type === undefined || r.type === type));
      if (found.length !== 1) {
        throw new Error(`infra-tests: ${found.length} resources named ${name}${type ? ` of type ${type}` : ""}`);
      }
      return found[0]!;
    },
  };
}

function setEnv(values: Record<string, string | undefined>): () => void {
  const saved = new Map<string, string | undefined>();
  for (const [key, value] of Object.entries(values)) {
    saved.set(key, process.env[key]);
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  saved.set("SST_SERVER", process.env.SST_SERVER);
  return () => {
    for (const [key, value] of saved) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  };
}

/**
 * The platform's `run()` does `process.chdir($cli.paths.root)`. Worker threads (vitest's `threads` pool) cannot
 * chdir: there, accept a chdir to the current directory and refuse any other with a clear message.
 */
function guardChdir(): () => void {
  if (isMainThread) return () => undefined;
  const original = process.chdir;
  process.chdir = (directory: string) => {
    if (path.resolve(directory) === process.cwd()) return;
    throw new Error(
      `infra-tests: cannot chdir to ${directory} in a worker thread; run vitest from the project root or pass root: process.cwd()`,
    );
  };
  return () => {
    process.chdir = original;
  };
}
