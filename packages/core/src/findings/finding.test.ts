import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { RuleResult } from "../engine/engine.ts";
import type { Severity } from "../engine/rule.ts";
import { unknown } from "../model/value.ts";
import {
  DEFAULT_HEARTBEAT_MS,
  type Finding,
  type FindingState,
  FutureObservationError,
  type Observation,
  type Transition,
  transition,
  transitionKind,
} from "./finding.ts";

const RESOURCE = "arn:aws:lambda:eu-west-1:123456789012:function:orders";
const RULE = "lambda-url-auth-none";
const T0 = Date.parse("2026-11-28T00:00:00.000Z");
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const NOW = at(10_000_000);
const EXEMPTION = { rule: RULE, resource: "orders", reason: "public webhook", expires: "2027-01-01" };

type Verdict = "fail" | "pass" | "not_applicable" | "undetermined" | "error" | "exempted" | "gone";
const STATE_OF: Record<Verdict, FindingState> = {
  fail: "failing",
  pass: "passing",
  not_applicable: "passing",
  undetermined: "undetermined",
  error: "error",
  exempted: "exempted",
  gone: "gone",
};

function observe(verdict: Verdict, severity: Severity = "high", message = `verdict ${verdict}`): Observation {
  if (verdict === "gone") return { status: "gone", resourceId: RESOURCE, ruleId: RULE };
  const result: RuleResult = {
    ruleId: RULE,
    resourceId: RESOURCE,
    resourceKind: "lambda.function",
    origin: { type: "live", account: "123456789012", region: "eu-west-1" },
    status: verdict === "exempted" ? "fail" : verdict,
    severity,
    practice: 2,
    message,
    evidence: verdict === "fail" ? [{ type: "setting", path: "FunctionUrlConfig.AuthType", value: "NONE" }] : [],
  };
  return verdict === "exempted" ? { ...result, exemption: EXEMPTION } : result;
}

/** Applies observations in arrival order, keeping the stored finding as the store would. */
function replay(observations: readonly { verdict: Verdict; severity: Severity; minute: number }[], heartbeatMs = 0) {
  let stored: Finding | undefined;
  const transitions: Transition[] = [];
  for (const { verdict, severity, minute } of observations) {
    const next = transition(stored, observe(verdict, severity), at(minute), NOW, { heartbeatMs });
    transitions.push(next);
    if (next.kind !== "stale" && next.write) stored = next.finding;
  }
  return { stored, transitions };
}

function stateAfter(verdicts: Verdict[]): Finding | undefined {
  return replay(verdicts.map((verdict, minute) => ({ verdict, severity: "high" as const, minute }))).stored;
}

describe("transitionKind", () => {
  const none = undefined;
  it.each<[FindingState | undefined, FindingState, string]>([
    [none, "failing", "new-failure"],
    [none, "exempted", "exempted"],
    [none, "error", "error"],
    [none, "passing", "none"],
    [none, "gone", "none"],
    ["passing", "failing", "regression"],
    ["passing", "passing", "none"],
    ["passing", "gone", "gone"],
    ["failing", "passing", "resolved"],
    ["failing", "failing", "none"],
    ["failing", "exempted", "exempted"],
    ["failing", "error", "error"],
    ["failing", "gone", "gone"],
    ["exempted", "failing", "exemption-expired"],
    ["exempted", "passing", "resolved"],
    ["exempted", "exempted", "none"],
    ["error", "failing", "new-failure"],
    ["error", "passing", "resolved"],
    ["error", "error", "none"],
    ["gone", "failing", "new-failure"],
    ["gone", "passing", "none"],
    ["gone", "gone", "none"],
  ])("%s → %s is %s", (from, to, kind) => {
    const previous = from && { status: from, severity: "high" as const };
    expect(transitionKind(previous, { status: to, severity: "high" })).toBe(kind);
  });

  it("reports a severity change only between failing states", () => {
    expect(transitionKind({ status: "failing", severity: "high" }, { status: "failing", severity: "critical" })).toBe(
      "severity-changed",
    );
    expect(transitionKind({ status: "passing", severity: "high" }, { status: "passing", severity: "low" })).toBe(
      "none",
    );
  });
});

describe("transition", () => {
  it("opens a new failure with all times at the read time", () => {
    const next = transition(undefined, observe("fail"), at(1), NOW);
    expect(next).toMatchObject({ kind: "new-failure", write: true });
    expect(next.kind !== "stale" && next.finding).toMatchObject({
      status: "failing",
      severity: "high",
      firstSeen: at(1).toISOString(),
      lastSeen: at(1).toISOString(),
      lastChanged: at(1).toISOString(),
      observedAt: at(1).toISOString(),
      version: 1,
    });
  });

  it("costs no write for a repeat inside the heartbeat interval, and refreshes lastSeen after it", () => {
    const first = transition(undefined, observe("fail"), at(0), NOW);
    if (first.kind === "stale") throw new Error("unexpected");
    const repeat = transition(first.finding, observe("fail"), at(60), NOW);
    expect(repeat).toMatchObject({ kind: "none", write: false, finding: first.finding });

    const heartbeat = transition(first.finding, observe("fail", "high", "new wording"), at(6 * 60), NOW);
    expect(heartbeat).toMatchObject({ kind: "none", write: true });
    expect(heartbeat.kind !== "stale" && heartbeat.finding).toMatchObject({
      lastSeen: at(360).toISOString(),
      lastChanged: at(0).toISOString(),
      message: "new wording",
      version: 2,
    });
  });

  it("uses a six-hour heartbeat by default", () => {
    expect(DEFAULT_HEARTBEAT_MS).toBe(6 * 60 * 60 * 1000);
  });

  it.each<[Verdict[], string, FindingState]>([
    [["fail", "pass"], "resolved", "passing"],
    [["fail", "not_applicable"], "resolved", "passing"],
    [["fail", "pass", "fail"], "regression", "failing"],
    [["exempted", "fail"], "exemption-expired", "failing"],
    [["fail", "exempted"], "exempted", "exempted"],
    [["fail", "error"], "error", "error"],
    [["fail", "gone"], "gone", "gone"],
    [["pass"], "none", "passing"],
    [["undetermined"], "none", "undetermined"],
    [["pass", "undetermined"], "none", "undetermined"],
    [["undetermined", "fail"], "new-failure", "failing"],
    [["undetermined", "pass"], "none", "passing"],
    // An unknown never resolves a finding: an open one stays open, as it was.
    [["fail", "undetermined"], "none", "failing"],
    [["exempted", "undetermined"], "none", "exempted"],
    [["fail", "undetermined", "pass"], "resolved", "passing"],
  ])("%j ends with %s in %s", (verdicts, kind, status) => {
    const { stored, transitions } = replay(verdicts.map((verdict, minute) => ({ verdict, severity: "high", minute })));
    expect(transitions.at(-1)?.kind).toBe(kind);
    expect(stored?.status).toBe(status);
  });

  it("reports a severity change of a failing finding", () => {
    const { transitions } = replay([
      { verdict: "fail", severity: "high", minute: 0 },
      { verdict: "fail", severity: "critical", minute: 1 },
    ]);
    expect(transitions.map((next) => next.kind)).toEqual(["new-failure", "severity-changed"]);
  });

  it("keeps the exemption on an exempted finding", () => {
    expect(stateAfter(["exempted"])).toMatchObject({ status: "exempted", exemption: EXEMPTION });
  });

  it("keeps routing by the last tags read when a read could not read them", () => {
    const tagged = { ...observe("fail"), resourceTags: { team: "payments" } } as RuleResult;
    const first = transition(undefined, tagged, at(0), NOW);
    const unread = { ...observe("fail"), resourceTags: unknown("tag:GetResources denied") } as RuleResult;
    const next = transition(first.kind === "stale" ? undefined : first.finding, unread, at(1), NOW, { heartbeatMs: 0 });
    expect(next).toMatchObject({ write: true, finding: { resourceTags: { team: "payments" } } });
  });

  it("keeps lastSeen and what it knew about a deleted resource", () => {
    const gone = stateAfter(["fail", "gone"]);
    expect(gone).toMatchObject({
      status: "gone",
      resourceKind: "lambda.function",
      severity: "high",
      lastSeen: at(0).toISOString(),
      observedAt: at(1).toISOString(),
    });
  });

  it("starts a fresh life when a deleted resource comes back failing", () => {
    expect(stateAfter(["fail", "gone", "fail"])).toMatchObject({
      status: "failing",
      firstSeen: at(2).toISOString(),
      version: 3,
    });
  });

  it("refuses an observation not newer than the stored one", () => {
    const stored = stateAfter(["fail", "pass"]);
    expect(transition(stored, observe("fail"), at(0), NOW).kind).toBe("stale");
    expect(transition(stored, observe("fail"), at(1), NOW).kind).toBe("stale");
  });

  it("can be overtaken by a late older change while a repeat is skipped inside the heartbeat (known limit)", () => {
    // failing at 0, passing at 3, failing at 5; the repeat at 5 arrives first and writes nothing, so the pass at 3
    // is newer than anything stored. The next write-worthy evaluation corrects it.
    const { stored } = replay(
      [
        { verdict: "fail", severity: "high", minute: 0 },
        { verdict: "fail", severity: "high", minute: 5 },
        { verdict: "pass", severity: "high", minute: 3 },
      ],
      DEFAULT_HEARTBEAT_MS,
    );
    expect(stored?.status).toBe("passing");
  });

  it("rejects a read time ahead of the clock", () => {
    expect(() => transition(undefined, observe("fail"), at(10), at(0))).toThrow(FutureObservationError);
  });
});

describe("order and duplicates", () => {
  const verdict = fc.constantFrom<Verdict>("fail", "pass", "not_applicable", "error", "exempted", "gone");
  const severity = fc.constantFrom<Severity>("critical", "high", "low");
  /** Observations at distinct read times, in time order. */
  const history = fc
    .uniqueArray(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 })
    .chain((minutes) =>
      fc.tuple(
        ...[...minutes]
          .sort((a, b) => a - b)
          .map((minute) => fc.record({ verdict, severity, minute: fc.constant(minute) })),
      ),
    );
  /** The same observations delivered in any order, some more than once. */
  const delivery = history.chain((inOrder) =>
    fc
      .tuple(fc.shuffledSubarray(inOrder), fc.shuffledSubarray(inOrder, { minLength: inOrder.length }))
      .map(([duplicates, shuffled]) => ({ inOrder, arrived: [...shuffled, ...duplicates].reverse() })),
  );
  /** What the newest read decides; a deleted resource keeps whatever was last known about it, which depends on arrival. */
  const decisive = (finding: Finding | undefined) =>
    finding &&
    (finding.status === "gone"
      ? { status: finding.status, observedAt: finding.observedAt }
      : {
          status: finding.status,
          severity: finding.severity,
          message: finding.message,
          evidence: finding.evidence,
          observedAt: finding.observedAt,
        });
  /** A change that carries news: status, or severity between failing states; a first pass or a pass after deletion does not. */
  const newsCount = (states: readonly Pick<Finding, "status" | "severity">[]) =>
    states.filter((state, index) => {
      const before = states[index - 1];
      if (before === undefined) return state.status !== "passing" && state.status !== "gone";
      if (before.status !== state.status) return !(before.status === "gone" && state.status === "passing");
      return state.status === "failing" && before.severity !== state.severity;
    }).length;

  it("ends in the state of the newest observation, whatever the arrival order (every observation written)", () => {
    fc.assert(
      fc.property(delivery, ({ inOrder, arrived }) => {
        expect(decisive(replay(arrived).stored)).toEqual(decisive(replay(inOrder).stored));
      }),
    );
  });

  it("ends in the same state with the default heartbeat when reads are at least a heartbeat apart", () => {
    const heartbeatMinutes = DEFAULT_HEARTBEAT_MS / 60_000;
    const spaced = delivery.map(({ inOrder, arrived }) => {
      const space = (list: typeof inOrder) =>
        list.map((entry) => ({ ...entry, minute: entry.minute * heartbeatMinutes }));
      return { inOrder: space(inOrder), arrived: space(arrived) };
    });
    fc.assert(
      fc.property(spaced, ({ inOrder, arrived }) => {
        const heartbeat = DEFAULT_HEARTBEAT_MS;
        expect(decisive(replay(arrived, heartbeat).stored)).toEqual(decisive(replay(inOrder, heartbeat).stored));
      }),
    );
  });

  it("emits one non-none transition per real change of the accepted states", () => {
    fc.assert(
      fc.property(delivery, ({ inOrder, arrived }) => {
        for (const observations of [inOrder, arrived]) {
          const { transitions } = replay(observations, DEFAULT_HEARTBEAT_MS);
          const accepted = transitions.flatMap((next) => (next.kind === "stale" ? [] : [next.finding]));
          const news = transitions.filter((next) => next.kind !== "stale" && next.kind !== "none");
          expect(news.length).toBe(newsCount(accepted));
        }
        const inOrderNews = replay(inOrder).transitions.filter((next) => next.kind !== "none").length;
        expect(inOrderNews).toBe(
          newsCount(inOrder.map(({ verdict, severity }) => ({ status: STATE_OF[verdict], severity }))),
        );
      }),
    );
  });

  it("never lets an undetermined observation close, reopen or alter an open finding", () => {
    const anyVerdict = fc.constantFrom<Verdict>("fail", "pass", "undetermined", "error", "exempted", "gone");
    const withUnknowns = fc.array(fc.record({ verdict: anyVerdict, severity }), { minLength: 1, maxLength: 16 });
    fc.assert(
      fc.property(withUnknowns, (verdicts) => {
        const { transitions } = replay(verdicts.map((entry, minute) => ({ ...entry, minute })));
        transitions.forEach((next, index) => {
          if (verdicts[index]!.verdict !== "undetermined" || next.kind === "stale") return;
          const before = next.previous;
          expect(next.kind).toBe("none");
          if (before?.status === "failing" || before?.status === "exempted") {
            const { status, severity: held, message, evidence, firstSeen, lastChanged } = before;
            expect(next.finding).toMatchObject({ status, severity: held, message, evidence, firstSeen, lastChanged });
          } else {
            expect(next.finding.status).toBe("undetermined");
          }
        });
      }),
    );
  });

  it("never alerts on duplicates: a redelivered observation is stale", () => {
    fc.assert(
      fc.property(history, (inOrder) => {
        const doubled = inOrder.flatMap((entry) => [entry, entry]);
        const kinds = replay(doubled).transitions.map((next) => next.kind);
        expect(kinds.filter((_, index) => index % 2 === 1).every((kind) => kind === "stale")).toBe(true);
      }),
    );
  });
});
