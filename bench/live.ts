import { type LiveReadResult, readAccount, readTargeted } from "@vigil/aws";
import { FAKE_REGION, fakeAccount, fakeArns, UNLIMITED_RATES } from "@vigil/aws/testing";

function totalCalls(result: LiveReadResult): number {
  return Object.values(result.calls).reduce((sum, c) => sum + (c?.calls ?? 0), 0);
}

export interface LiveFigures {
  readonly functions: number;
  readonly resources: number;
  readonly calls: number;
  readonly callsPerResource: number;
  readonly seconds: number;
  /** Sweep calls per service, e.g. `{ lambda: 5032, … }`. */
  readonly byService: Readonly<Record<string, number>>;
  /** Calls per resource read by a targeted read of one function (with the context the catalogue declares). */
  readonly targetedFunction: number;
  /** The same for a role, given the functions that use it from the last inventory. */
  readonly targetedRole: number;
}

/** A full sweep and two targeted reads of a generated account (function + role + queue trigger + table each). */
export async function benchLive(functions: number): Promise<LiveFigures> {
  const fake = fakeAccount(functions);
  try {
    const options = { region: FAKE_REGION, clients: fake.clients, rates: UNLIMITED_RATES, concurrency: 64 };
    const started = process.hrtime.bigint();
    const sweep = await readAccount(options);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    if (sweep.errors.length > 0) throw new Error(`sweep errors: ${JSON.stringify(sweep.errors[0])}`);
    const perTargeted = (result: LiveReadResult) => totalCalls(result) / result.resources.length;
    const fn = await readTargeted({ kind: "lambda.function", arn: fakeArns.fn(1) }, options);
    const role = await readTargeted(
      { kind: "iam.role", arn: fakeArns.role(1) },
      { ...options, roleUsers: [fakeArns.fn(1)] },
    );
    return {
      functions,
      resources: sweep.resources.length,
      calls: totalCalls(sweep),
      callsPerResource: totalCalls(sweep) / sweep.resources.length,
      seconds,
      byService: Object.fromEntries(Object.entries(sweep.calls).map(([service, c]) => [service, c?.calls ?? 0])),
      targetedFunction: perTargeted(fn),
      targetedRole: perTargeted(role),
    };
  } finally {
    fake.restore();
  }
}
