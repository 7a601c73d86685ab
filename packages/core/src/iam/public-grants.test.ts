import { describe, expect, it } from "vitest";
import { unknown } from "../model/value.ts";
import { policy } from "../testing/builders.ts";
import { grantsAnyAction, publicGrants } from "./public-grants.ts";

const logDelivery = {
  Effect: "Allow",
  Principal: { Service: "logging.s3.amazonaws.com" },
  Action: "s3:PutObject",
  Resource: "arn:aws:s3:::logs/*",
};
const anyoneReads = { Effect: "Allow", Principal: "*", Action: "s3:GetObject", Resource: "arn:aws:s3:::logs/*" };
const document = policy({ Statement: [logDelivery, anyoneReads] });

describe("publicGrants", () => {
  it("reads with the reading it is given: a fixed service principal is not public under S3's definition", () => {
    expect(publicGrants(document).grants.map((g) => g.statement.index)).toEqual([0, 1]);
    expect(publicGrants(document, () => true, { servicesFixed: true }).grants.map((g) => g.statement.index)).toEqual([
      1,
    ]);
  });

  it("keeps only relevant statements, and an unknown document or relevance as uncertain", () => {
    const reads = (s: Parameters<typeof grantsAnyAction>[0]) => grantsAnyAction(s, ["s3:GetObject"]);
    expect(publicGrants(document, reads).grants.map((g) => g.statement.index)).toEqual([1]);
    expect(publicGrants(unknown("denied"))).toEqual({ grants: [], uncertain: unknown("denied") });
    expect(publicGrants(document, () => unknown("Ref Action")).uncertain).toEqual(unknown("Ref Action"));
  });
});
