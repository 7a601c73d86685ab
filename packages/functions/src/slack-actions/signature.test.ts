import { describe, expect, it } from "vitest";
import { verifySlackSignature } from "./signature.ts";

// The worked example of Slack's "Verifying requests from Slack".
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";
const BODY =
  "token=xyzz0WbapA4vBCDEFasx0q6G&team_id=T1DC2JH3J&team_domain=testteamnow&channel_id=G8PSS9T3V&channel_name=foobar" +
  "&user_id=U2CERLKJA&user_name=roadrunner&command=%2Fwebhook-collect&text=&response_url=https%3A%2F%2Fhooks.slack.com" +
  "%2Fcommands%2FT1DC2JH3J%2F397700885554%2F96rGlfmibIGlgcZRskXaIFfN&trigger_id=398738663015.47445629121.803a0bc887a14d10d2c447fce8b6703c";
const SIGNATURE = "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503";
const at = (offsetSeconds: number) => new Date((Number(TIMESTAMP) + offsetSeconds) * 1000);
const signed = { timestamp: TIMESTAMP, signature: SIGNATURE, body: BODY };

describe("verifySlackSignature", () => {
  it("accepts Slack's published example within five minutes either way", () => {
    for (const offset of [0, 300, -300]) expect(verifySlackSignature(signed, SECRET, at(offset))).toEqual({ ok: true });
  });

  it("says why it refuses", () => {
    expect(verifySlackSignature(signed, SECRET, at(301))).toEqual({ ok: false, reason: "stale" });
    expect(verifySlackSignature(signed, SECRET, at(-301))).toEqual({ ok: false, reason: "future" });
    expect(verifySlackSignature(signed, "another-secret", at(0))).toEqual({ ok: false, reason: "mismatch" });
    expect(verifySlackSignature({ ...signed, body: `${BODY}&x=1` }, SECRET, at(0))).toEqual({
      ok: false,
      reason: "mismatch",
    });
    expect(verifySlackSignature({ ...signed, signature: undefined }, SECRET, at(0))).toEqual({
      ok: false,
      reason: "missing",
    });
    for (const signature of ["v1=abc", SIGNATURE.toUpperCase(), `${SIGNATURE}00`]) {
      expect(verifySlackSignature({ ...signed, signature }, SECRET, at(0))).toEqual({ ok: false, reason: "malformed" });
    }
    expect(verifySlackSignature({ ...signed, timestamp: "12e9" }, SECRET, at(0))).toEqual({
      ok: false,
      reason: "malformed",
    });
  });
});
