/**
 * Parity over real HTTP: a serverless app of every kind moto implements, with planted problems, is read by the
 * deployed service path (a sweep's messages → Evaluator + readTargeted with each rule's declared context and the
 * dependants it enqueues → a findings table on dynalite) and by a full `vigil scan` (readAccount → evaluate); both
 * must fail the same (rule, resource) pairs. Then scripted changes are made in moto, each followed by its CloudTrail
 * events through the ingest mapping: after each, the table must hold the failures a fresh scan finds.
 *
 * moto lacks lambda:GetFunctionRecursionConfig and lambda:ListCodeSigningConfigs (HTML 404s). The first leaves the
 * recursion rule undetermined on every function, on both paths (stored as `undetermined`); the service path, which
 * never stores a pass from a partly failed read, also records the functions' other passing rules as errors. The second costs the scan a call
 * per function, which is what the targeted read makes anyway.
 */
import type { TargetedReadOptions } from "@vigil/aws";
import {
  MOTO_ACCOUNT,
  MOTO_CHANGES,
  MOTO_CREDENTIALS,
  type MotoApp,
  MotoServer,
  motoAvailable,
  seedServerlessApp,
  UNLIMITED_RATES,
} from "@vigil/aws/testing";
import { RESOURCE_KINDS, RULES } from "@vigil/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ServicePath, scan } from "../testing/service-path.ts";

const REGION = "us-east-1";
const RECURSION_RULE = "lambda-recursive-loop-allowed";

const available = motoAvailable();
if (!available) {
  if (process.env.CI) throw new Error("moto is required in CI: pip install 'moto[server]'");
  console.warn("moto is not installed (python3 -c 'import moto' failed): skipping the moto parity test");
}

/** Rules the app plants no problem for, and why. */
const NOT_PLANTED: Readonly<Record<string, string>> = {
  [RECURSION_RULE]: "moto lacks GetFunctionRecursionConfig: undetermined everywhere",
  "lambda-layer-cross-account": "moto refuses a layer it does not hold",
  "lambda-not-redeployed": "every function was deployed just now",
  "lambda-runtime-eol-soon": "the deprecated runtime is past its end of life, not near it",
};

const fn = (name: string) => `arn:aws:lambda:${REGION}:${MOTO_ACCOUNT}:function:${name}`;

/**
 * What each scripted change must at least open and close, so that no step passes by changing nothing. Most are
 * dependants: the event names the role, the bucket, the function or the topic, not the resources whose verdicts
 * move with it.
 */
const EXPECTED: Readonly<Record<string, { opens: string[]; closes: string[] }>> = {
  "attach AdministratorAccess to the worker's role": {
    opens: [
      `iam-role-admin-access arn:aws:iam::${MOTO_ACCOUNT}:role/worker-role`,
      `flow-sensitive-write-unapproved ${fn("worker")}`,
      `flow-sensitive-write-unapproved ${fn("ledger-stream")}`,
    ],
    closes: [],
  },
  "notify the worker of new objects in the reports bucket": {
    opens: [`lambda-async-no-failure-destination ${fn("worker")}`],
    closes: [],
  },
  "shorten the worker's timeout to within its queue's visibility timeout": {
    opens: [],
    closes: [`sqs-visibility-below-function-timeout arn:aws:sqs:${REGION}:${MOTO_ACCOUNT}:jobs`],
  },
  "delete the tasks queue's dead-letter queue": {
    opens: [`sqs-queue-no-dlq arn:aws:sqs:${REGION}:${MOTO_ACCOUNT}:tasks`],
    closes: [],
  },
  "delete the alerts topic, leaving its subscriber's invoke permission behind": {
    opens: [`lambda-permission-obsolete-source ${fn("notifier")}`],
    closes: [`sns-topic-policy-public arn:aws:sns:${REGION}:${MOTO_ACCOUNT}:alerts`],
  },
};

describe.runIf(available)("service path parity with a full scan, over moto", () => {
  let moto: MotoServer;
  let app: MotoApp;
  let path: ServicePath;
  let readOptions: TargetedReadOptions;
  /** The failures of the last scan, to tell what each change opened and closed. */
  let before: string[] = [];

  beforeAll(async () => {
    moto = await MotoServer.start();
    app = await seedServerlessApp(moto.endpoint, REGION);
    readOptions = { region: REGION, endpoint: moto.endpoint, credentials: MOTO_CREDENTIALS, rates: UNLIMITED_RATES };
    path = await ServicePath.start(readOptions, RULES);
  }, 60_000);
  afterAll(async () => {
    await path?.close();
    moto?.stop();
  });

  it("records after a sweep exactly the failures a scan finds; what moto lacks is undetermined on both", async () => {
    const scanned = await scan(readOptions, RULES, new Date());
    expect(new Set(scanned.read.resources.map((r) => r.kind))).toEqual(new Set(RESOURCE_KINDS));
    expect(new Set(scanned.read.errors.map((e) => `${e.action} ${e.kind}`))).toEqual(
      new Set(["lambda:ListCodeSigningConfigs unavailable", "lambda:GetFunctionRecursionConfig unavailable"]),
    );
    const failingRules = new Set(scanned.failures.map((pair) => pair.split(" ")[0]));
    expect(RULES.map((rule) => rule.id).filter((id) => !failingRules.has(id) && !(id in NOT_PLANTED))).toEqual([]);
    const functions = scanned.read.resources.filter((r) => r.kind === "lambda.function").map((r) => r.arn);
    expect(scanned.undetermined).toEqual(functions.map((arn) => `${RECURSION_RULE} ${arn}`).sort());

    await path.sweep();
    expect(await path.findings("failing")).toEqual(scanned.failures);
    expect(await path.findings("undetermined")).toEqual(scanned.undetermined);
    // Errors only for the functions' passes, which a read missing one call cannot vouch for.
    const errors = await path.findings("error");
    expect(errors).not.toEqual([]);
    expect(errors.filter((pair) => !functions.includes(pair.split(" ")[1]!))).toEqual([]);
    const readErrors = path.evaluations.flatMap((e) => e.readErrors.map((error) => `${error.action} ${error.kind}`));
    expect(new Set(readErrors)).toEqual(new Set(["lambda:GetFunctionRecursionConfig unavailable"]));
    before = scanned.failures;
  }, 120_000);

  for (const change of MOTO_CHANGES) {
    it(`then: ${change.name}; its CloudTrail events bring the table to a fresh scan's failures`, async () => {
      const expected = EXPECTED[change.name];
      expect(expected, "each change states what it opens and closes").toBeDefined();
      expect(before, "the sweep ran first").not.toEqual([]);
      for (const event of await change.apply(app)) await path.deliver(event);

      const scanned = await scan(readOptions, RULES, new Date());
      expect(await path.findings("failing")).toEqual(scanned.failures);
      const opened = scanned.failures.filter((pair) => !before.includes(pair));
      const closed = before.filter((pair) => !scanned.failures.includes(pair));
      expect(opened).toEqual(expect.arrayContaining(expected!.opens));
      expect(closed).toEqual(expect.arrayContaining(expected!.closes));
      before = scanned.failures;
    }, 60_000);
  }
});
