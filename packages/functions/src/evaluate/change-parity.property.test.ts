/**
 * Parity under change: after a sweep, a random sequence of changes to an in-memory account (property-based,
 * bounded), each one's CloudTrail event delivered through the ingest mapping → the evaluation queue → the
 * Evaluator with its targeted reads and the dependants it enqueues; after every step the findings table's failing
 * set equals a fresh full scan's. An event names only what it changed: what depends on it is found through the
 * rules' declared context, so a change to a role, a bucket's notifications or a queue re-checks the functions and
 * queues whose verdicts it moves.
 */
import { ModelAccount } from "@vigil/aws/local";
import { liveArns, liveShapedAccount } from "@vigil/aws/testing";
import {
  type IamRole,
  isUnknown,
  type LambdaFunction,
  type Resource,
  RULES,
  type S3Bucket,
  type SqsQueue,
  sqsQueueUrl,
} from "@vigil/core";
import { apiCallEvent, managedPolicy, policy } from "@vigil/core/testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ServicePath, scan } from "../testing/service-path.ts";

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess";

type RecordedCall = readonly [source: string, name: string, request: Record<string, unknown>];

/** A change to the account and the CloudTrail events AWS records for it. */
interface Change {
  readonly name: string;
  /** Changes `account`; returns each call's event source, name and request parameters, in order. */
  readonly apply: (account: ModelAccount) => readonly RecordedCall[];
}

function edit<R extends Resource>(account: ModelAccount, arn: string, change: (current: R) => R): void {
  const current = account.resources.find((resource) => resource.arn === arn) as R | undefined;
  if (!current) throw new Error(`the account holds no ${arn}`);
  account.put(change(current));
}

const FUNCTIONS = { orders: liveArns.ordersFn, worker: liveArns.workerFn, render: liveArns.renderFn };
type FunctionName = keyof typeof FUNCTIONS;
const ROLES = { "orders-role": liveArns.ordersRole, "worker-role": liveArns.workerRole };
type RoleName = keyof typeof ROLES;

const changes: fc.Arbitrary<Change> = fc.oneof(
  fc.record({ fn: fc.constantFrom<FunctionName>("orders", "worker", "render"), old: fc.boolean() }).map(
    ({ fn, old }): Change => ({
      name: `${fn} runtime ${old ? "nodejs16.x" : "nodejs22.x"}`,
      apply: (account) => {
        edit<LambdaFunction>(account, FUNCTIONS[fn], (f) => ({ ...f, runtime: old ? "nodejs16.x" : "nodejs22.x" }));
        return [["lambda.amazonaws.com", "UpdateFunctionConfiguration20150331v2", { functionName: fn }]];
      },
    }),
  ),
  fc.record({ fn: fc.constantFrom<FunctionName>("orders", "worker", "render"), open: fc.boolean() }).map(
    ({ fn, open }): Change => ({
      name: `${fn} URL ${open ? "opened" : "deleted"}`,
      apply: (account) => {
        edit<LambdaFunction>(account, FUNCTIONS[fn], ({ url: _, ...f }) =>
          open ? { ...f, url: { authType: "NONE", invokeMode: "BUFFERED" } } : f,
        );
        return [
          open
            ? ["lambda.amazonaws.com", "CreateFunctionUrlConfig20211031", { functionName: fn, authType: "NONE" }]
            : ["lambda.amazonaws.com", "DeleteFunctionUrlConfig20211031", { functionName: fn }],
        ];
      },
    }),
  ),
  fc.record({ fn: fc.constantFrom<FunctionName>("orders", "worker", "render"), capped: fc.boolean() }).map(
    ({ fn, capped }): Change => ({
      name: `${fn} concurrency ${capped ? "reserved" : "unreserved"}`,
      apply: (account) => {
        edit<LambdaFunction>(account, FUNCTIONS[fn], ({ reservedConcurrency: _, ...f }) =>
          capped ? { ...f, reservedConcurrency: 5 } : f,
        );
        const name = capped ? "PutFunctionConcurrency20171031" : "DeleteFunctionConcurrency20171031";
        return [["lambda.amazonaws.com", name, { functionName: fn }]];
      },
    }),
  ),
  // By name only, as CloudTrail records it: the read finds the role's path (orders-role is under /service-role/).
  fc.record({ role: fc.constantFrom<RoleName>("orders-role", "worker-role"), attach: fc.boolean() }).map(
    ({ role, attach }): Change => ({
      name: `AdministratorAccess ${attach ? "attached to" : "detached from"} ${role}`,
      apply: (account) => {
        edit<IamRole>(account, ROLES[role], (r) => ({
          ...r,
          managedPolicyArns: [...r.managedPolicyArns.filter((arn) => arn !== ADMIN), ...(attach ? [ADMIN] : [])],
        }));
        const name = attach ? "AttachRolePolicy" : "DetachRolePolicy";
        return [["iam.amazonaws.com", name, { roleName: role, policyArn: ADMIN }]];
      },
    }),
  ),
  // A notification names the function only inside the bucket's configuration: the function is a dependant. As a
  // deployment does it, S3's invoke permission comes first (S3 refuses a destination it cannot invoke).
  fc.record({ fn: fc.constantFrom<FunctionName>("orders", "worker", "render"), notify: fc.boolean() }).map(
    ({ fn, notify }): Change => ({
      name: `public-assets ${notify ? "notifies" : "stops notifying"} ${fn}`,
      apply: (account) => {
        const calls: RecordedCall[] = [];
        if (notify && allowS3Invoke(account, FUNCTIONS[fn], PUBLIC_ASSETS)) {
          const request = { functionName: fn, principal: "s3.amazonaws.com", sourceArn: PUBLIC_ASSETS };
          calls.push(["lambda.amazonaws.com", "AddPermission20150331v2", request]);
        }
        edit<S3Bucket>(account, PUBLIC_ASSETS, (b) => ({
          ...b,
          notifications: notify
            ? [{ targetType: "lambda", targetArn: FUNCTIONS[fn], events: ["s3:ObjectCreated:*"] }]
            : [],
        }));
        calls.push(["s3.amazonaws.com", "PutBucketNotification", { bucketName: "public-assets" }]);
        return calls;
      },
    }),
  ),
  fc.boolean().map(
    (redriven): Change => ({
      name: `jobs ${redriven ? "redrives to" : "no longer redrives to"} jobs-dlq`,
      apply: (account) => {
        edit<SqsQueue>(account, liveArns.jobs, ({ redrive: _, ...q }) =>
          redriven ? { ...q, redrive: { deadLetterTargetArn: liveArns.deadLetters, maxReceiveCount: 3 } } : q,
        );
        const request = { queueUrl: sqsQueueUrl(liveArns.jobs), attributes: { RedrivePolicy: "" } };
        return [["sqs.amazonaws.com", "SetQueueAttributes", request]] as const;
      },
    }),
  ),
);

const PUBLIC_ASSETS = "arn:aws:s3:::public-assets";

/** Adds S3's permission to invoke `fn` from `bucket`, unless it has one; whether it added it. */
function allowS3Invoke(account: ModelAccount, fn: string, bucket: string): boolean {
  const sid = `s3-${bucket.split(":::")[1]}`;
  let added = false;
  edit<LambdaFunction>(account, fn, (f) => {
    const statements = isUnknown(f.policy) ? [] : f.policy.statements;
    if (statements.some((statement) => statement.sid === sid)) return f;
    added = true;
    const statement = {
      Sid: sid,
      Effect: "Allow",
      Principal: { Service: "s3.amazonaws.com" },
      Action: "lambda:InvokeFunction",
      Resource: fn,
      Condition: { ArnLike: { "AWS:SourceArn": bucket } },
    };
    return { ...f, policy: policy({ Version: "2012-10-17", Statement: [...statements.map((s) => s.raw), statement] }) };
  });
  return added;
}

function plantedAccount(): ModelAccount {
  const account = new ModelAccount({ account: ACCOUNT, region: REGION, resources: liveShapedAccount() });
  // What AttachRolePolicy names must exist, as AWS's managed policies do.
  account.put({
    ...managedPolicy("AdministratorAccess", {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
    }),
    id: ADMIN,
    arn: ADMIN,
    awsManaged: true,
  });
  return account;
}

/** The next millisecond: an event's time must follow the reads before it, as a change follows them in AWS. */
const tick = () => new Promise((resolve) => setTimeout(resolve, 2));

describe("service path parity under change", () => {
  it("after every change and its event, the findings table's failing set equals a fresh full scan", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(changes, { minLength: 1, maxLength: 6 }), async (sequence) => {
        const account = plantedAccount();
        const readOptions = account.readOptions();
        const path = await ServicePath.start(readOptions, RULES);
        try {
          await path.sweep();
          expect(await path.findings("failing")).toEqual((await scan(readOptions, RULES, new Date())).failures);
          for (const change of sequence) {
            await tick();
            for (const [source, name, requestParameters] of change.apply(account)) {
              await path.deliver({
                ...apiCallEvent(source, name, { region: REGION, requestParameters }),
                time: new Date().toISOString(),
              });
            }
            const expected = (await scan(readOptions, RULES, new Date())).failures;
            expect({ after: change.name, failing: await path.findings("failing") }).toEqual({
              after: change.name,
              failing: expected,
            });
          }
        } finally {
          await path.close();
        }
      }),
      { numRuns: 12, seed: 20261203, endOnFailure: true },
    );
  }, 120_000);
});
