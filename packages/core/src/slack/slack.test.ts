import { describe, expect, it } from "vitest";
import type { PublishedTransition } from "../findings/finding-event.ts";
import type { ResourceKind } from "../model/resources.ts";
import { TEST_FUNCTION, testEvent } from "../testing/findings.ts";
import { renderAlert } from "./alert.ts";
import { type Block, escapeText, SLACK_LIMITS } from "./blocks.ts";
import { consoleUrl } from "./console-link.ts";
import { renderDigest } from "./digest.ts";
import { routeAlert, slackRoutingSchema } from "./routing.ts";

const FUNCTION = TEST_FUNCTION;

const event = testEvent;

/** Every text of a message, blocks included, as Slack would render it. */
function texts(blocks: readonly Block[]): string[] {
  return blocks.flatMap((block): string[] => {
    if (block.type === "header") return [block.text.text];
    if (block.type === "section")
      return [...(block.text ? [block.text.text] : []), ...(block.fields ?? []).map((f) => f.text)];
    if (block.type === "context") return block.elements.map((e) => e.text);
    if (block.type === "actions") return block.elements.map((e) => e.text.text);
    return [];
  });
}

describe("consoleUrl", () => {
  it.each<[string, ResourceKind, string]>([
    [
      FUNCTION,
      "lambda.function",
      "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api",
    ],
    [
      "arn:aws:lambda:eu-west-1:123456789012:event-source-mapping:6a0e8c1d",
      "lambda.event-source-mapping",
      "https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/event-source-mappings/6a0e8c1d",
    ],
    [
      "arn:aws:iam::123456789012:role/service-role/orders-role",
      "iam.role",
      "https://console.aws.amazon.com/iam/home#/roles/details/orders-role",
    ],
    [
      "arn:aws:iam::123456789012:policy/shared",
      "iam.managed-policy",
      "https://console.aws.amazon.com/iam/home#/policies/details/arn%3Aaws%3Aiam%3A%3A123456789012%3Apolicy%2Fshared",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/restapis/k3x9qz7v2a/stages/prod",
      "apigateway.stage",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/k3x9qz7v2a/resources?api=k3x9qz7v2a&region=eu-west-1",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/restapis/k3x9qz7v2a",
      "apigateway.rest-api",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/k3x9qz7v2a/resources?api=k3x9qz7v2a&region=eu-west-1",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/restapis/k3x9qz7v2a/resources/r1/methods/GET",
      "apigateway.method",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/apis/k3x9qz7v2a/resources?api=k3x9qz7v2a&region=eu-west-1",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/apis/a1b2c3",
      "apigatewayv2.api",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/api-detail?api=a1b2c3&region=eu-west-1",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/apis/a1b2c3/stages/$default",
      "apigatewayv2.stage",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/api-detail?api=a1b2c3&region=eu-west-1",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/usageplans/p1",
      "apigateway.usage-plan",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/usage-plans/p1?region=eu-west-1",
    ],
    [
      "arn:aws:apigateway:eu-west-1::/apis/a1b2c3/routes/r1",
      "apigatewayv2.route",
      "https://eu-west-1.console.aws.amazon.com/apigateway/main/api-detail?api=a1b2c3&region=eu-west-1",
    ],
    ["arn:aws:s3:::orders-uploads", "s3.bucket", "https://s3.console.aws.amazon.com/s3/buckets/orders-uploads"],
    [
      "arn:aws:sqs:eu-west-1:123456789012:orders-jobs",
      "sqs.queue",
      "https://eu-west-1.console.aws.amazon.com/sqs/v3/home?region=eu-west-1#/queues/https%3A%2F%2Fsqs.eu-west-1.amazonaws.com%2F123456789012%2Forders-jobs",
    ],
    [
      "arn:aws:sns:eu-west-1:123456789012:orders-events",
      "sns.topic",
      "https://eu-west-1.console.aws.amazon.com/sns/v3/home?region=eu-west-1#/topic/arn:aws:sns:eu-west-1:123456789012:orders-events",
    ],
    [
      "arn:aws:dynamodb:eu-west-1:123456789012:table/orders",
      "dynamodb.table",
      "https://eu-west-1.console.aws.amazon.com/dynamodbv2/home?region=eu-west-1#table?name=orders",
    ],
    [
      "arn:aws:events:eu-west-1:123456789012:rule/nightly",
      "events.rule",
      "https://eu-west-1.console.aws.amazon.com/events/home?region=eu-west-1#/eventbus/default/rules/nightly",
    ],
    [
      "arn:aws:events:eu-west-1:123456789012:rule/orders-bus/on-order",
      "events.rule",
      "https://eu-west-1.console.aws.amazon.com/events/home?region=eu-west-1#/eventbus/orders-bus/rules/on-order",
    ],
    [
      "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_Staff1234",
      "cognito.user-pool",
      "https://eu-west-1.console.aws.amazon.com/cognito/v2/idp/user-pools/eu-west-1_Staff1234/overview?region=eu-west-1",
    ],
  ])("links %s (%s)", (arn, kind, url) => {
    expect(consoleUrl(arn, kind)).toBe(url);
    expect(consoleUrl(arn)).toBeDefined();
  });

  it("links nothing it cannot place", () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a CloudFormation token, literal text
    expect(consoleUrl("arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:x", "lambda.function")).toBeUndefined();
    expect(consoleUrl("OrdersFunction")).toBeUndefined();
  });
});

describe("renderAlert", () => {
  it.each<PublishedTransition>(["new-failure", "regression", "severity-changed", "exemption-expired", "error"])(
    "%s: severity, rule, linked resource, message, evidence, remediation and practice",
    (transition) => {
      const message = renderAlert(event(transition, {}, { status: "passing", severity: "medium" }));
      const all = texts(message.blocks).join("\n");
      expect(message.text).toContain("orders-api");
      expect(all).toContain(":large_orange_circle:");
      expect(all).toContain("high");
      expect(all).toContain("Function URL accepts unauthenticated requests");
      expect(all).toContain("`lambda-url-auth-none`");
      expect(all).toContain(
        "<https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/orders-api|orders-api>",
      );
      expect(all).toContain("function URL with AuthType NONE");
      expect(all).toContain('`url.authType` = `"NONE"`');
      expect(all).toContain("*Remediation*");
      expect(all).toContain("Practice 2: Perimeter at the function level");
    },
  );

  it("says a severity change with the old severity", () => {
    const all = texts(
      renderAlert(event("severity-changed", { severity: "critical" }, { status: "failing", severity: "high" })).blocks,
    ).join("\n");
    expect(all).toContain("critical (was high)");
  });

  it.each<PublishedTransition>(["resolved", "gone", "exempted"])(
    "%s is short: no evidence, no remediation",
    (transition) => {
      const exemption = {
        rule: "*",
        resource: "orders-api",
        reason: "HMAC-verified",
        expires: "2027-03-01",
        by: "alice",
      };
      const message = renderAlert(
        event(transition, { status: "passing", ...(transition === "exempted" && { exemption }) }),
      );
      const all = texts(message.blocks).join("\n");
      expect(all).not.toContain("*Evidence*");
      expect(all).not.toContain("*Remediation*");
      expect(message.text.toLowerCase()).toContain(transition === "gone" ? "deleted" : transition);
      if (transition === "exempted") expect(all).toContain("Exempted until 2027-03-01 by alice: HMAC-verified");
    },
  );

  it("cannot ping or link from a resource name or message", () => {
    const message = renderAlert(
      event("new-failure", { resourceName: "<!channel> <https://evil.example|click>", message: "a & <b>" }),
    );
    const all = [message.text, ...texts(message.blocks)].join("\n");
    expect(all).not.toContain("<!channel>");
    expect(all).not.toContain("<https://evil.example");
    expect(all).toContain(escapeText("<!channel>"));
    expect(all).toContain("a &amp; &lt;b&gt;");
  });

  it("keeps huge evidence within Slack's limits", () => {
    const statement = {
      Effect: "Allow",
      Action: Array.from({ length: 2000 }, (_, i) => `s3:Action${i}`),
      Resource: "*",
    };
    const evidence = Array.from({ length: 40 }, (_, index) => ({
      type: "statement" as const,
      policy: "inline policy",
      index,
      statement,
    }));
    const message = renderAlert(event("new-failure", { evidence, message: "x".repeat(10_000) }));
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
    for (const block of message.blocks) {
      if (block.type === "header") expect(block.text.text.length).toBeLessThanOrEqual(SLACK_LIMITS.headerText);
      if (block.type === "section") {
        expect(block.text?.text.length ?? 0).toBeLessThanOrEqual(SLACK_LIMITS.sectionText);
        for (const field of block.fields ?? []) expect(field.text.length).toBeLessThanOrEqual(SLACK_LIMITS.fieldText);
      }
    }
  });
});

describe("renderDigest", () => {
  const burst = [
    event("resolved", { resourceName: "a", resourceId: `${FUNCTION}-a`, severity: "low", status: "passing" }),
    event("new-failure", { resourceName: "b", resourceId: `${FUNCTION}-b`, severity: "critical" }),
    event("new-failure", { resourceName: "c", resourceId: `${FUNCTION}-c` }),
  ];

  it("totals by transition and severity, then lists the findings most severe first", () => {
    const message = renderDigest(burst);
    const all = texts(message.blocks).join("\n");
    expect(all).toContain("Vigil: 3 finding changes");
    expect(all).toContain("2 new failure, 1 resolved");
    expect(all).toContain("By severity: 1 critical, 1 high, 1 low");
    expect(all.indexOf("|b>")).toBeLessThan(all.indexOf("|c>"));
    expect(all.indexOf("|c>")).toBeLessThan(all.indexOf("|a>"));
  });

  it("caps the list and counts the rest", () => {
    const many = Array.from({ length: 60 }, (_, i) =>
      event("new-failure", { resourceName: `fn-${i}`, resourceId: `${FUNCTION}-${i}` }),
    );
    const message = renderDigest(many, { maxLines: 10 });
    const all = texts(message.blocks).join("\n");
    expect(all).toContain("…and 50 more");
    expect(message.blocks.length).toBeLessThanOrEqual(SLACK_LIMITS.blocks);
  });

  it("cannot ping from a resource name, in the blocks or the fallback text", () => {
    const message = renderDigest([event("new-failure", { resourceName: "<!here>" }), ...burst]);
    expect([message.text, ...texts(message.blocks)].join("\n")).not.toContain("<!here>");
  });
});

describe("routeAlert", () => {
  const routing = slackRoutingSchema.parse({
    defaultChannel: "C0DEFAULT",
    routes: [
      { channel: "C0URGENT", severities: ["critical", "high"] },
      { channel: "#payments", tags: { team: "payments" } },
      { channel: "C0PERIMTR", practices: [2], rules: ["lambda-url-auth-none"] },
    ],
  });

  it("sends to every matching route", () => {
    expect(routeAlert(event("new-failure", { resourceTags: { team: "payments" } }), routing)).toEqual([
      "C0URGENT",
      "#payments",
      "C0PERIMTR",
    ]);
  });

  it("needs every criterion of a route to hold", () => {
    const lowOther = event("new-failure", { severity: "low", ruleId: "lambda-runtime-deprecated" });
    expect(routeAlert(lowOther, routing)).toEqual(["C0DEFAULT"]);
  });

  it("falls back to the poster's own channel when nothing matches and no default is set", () => {
    expect(routeAlert(event("new-failure", { severity: "low" }), slackRoutingSchema.parse({}))).toEqual([]);
  });

  it("has defaults, so an empty section parses", () => {
    expect(slackRoutingSchema.parse({})).toEqual({ digestThreshold: 5, routes: [] });
  });
});
