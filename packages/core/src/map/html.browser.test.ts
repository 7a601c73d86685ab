/**
 * The HTML app map in a real browser: Debian's Chromium driven by playwright-core (no browser download).
 * Outside CI the test skips when /usr/bin/chromium is absent; in CI (.ci/run installs it) it must run.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { appMapModel, appMapResults, HOSTILE_NAME } from "../testing/app-map.ts";
import { buildAppMap } from "./app-map.ts";
import { renderHtml } from "./html.ts";

const CHROMIUM = "/usr/bin/chromium";
const available = existsSync(CHROMIUM);
if (!available) {
  if (process.env.CI) throw new Error(`${CHROMIUM} is required in CI: apt-get install -y chromium`);
  console.warn(`${CHROMIUM} not found (apt-get install -y chromium): skipping the HTML app map browser test`);
}

/** The `translate(x,y) scale(k)` of the pan/zoom group. */
async function viewTransform(page: Page) {
  const transform = (await page.locator("#viewport").getAttribute("transform")) ?? "";
  const match = /translate\(([-\d.]+),([-\d.]+)\) scale\(([-\d.]+)\)/.exec(transform);
  if (!match) throw new Error(`unexpected transform ${transform}`);
  return { x: Number(match[1]), y: Number(match[2]), k: Number(match[3]) };
}

describe.runIf(available)("HTML app map in headless Chromium", () => {
  let directory: string;
  let context: BrowserContext;
  let page: Page;
  const requests: string[] = [];
  const pageErrors: string[] = [];

  beforeAll(async () => {
    directory = mkdtempSync(join(tmpdir(), "vigil-map-browser-"));
    const file = join(directory, "map.html");
    const map = buildAppMap(appMapModel({ hostile: true }), { results: appMapResults() });
    writeFileSync(file, renderHtml(map, { title: "fixture" }));
    context = await chromium.launchPersistentContext(join(directory, "profile"), {
      executablePath: CHROMIUM,
      args: [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
      viewport: { width: 1400, height: 800 },
    });
    page = context.pages()[0] ?? (await context.newPage());
    page.on("request", (request) => requests.push(request.url()));
    page.on("pageerror", (error) => pageErrors.push(error.message));
    await page.goto(pathToFileURL(file).href);
  });

  afterAll(async () => {
    await context?.close();
    if (directory) rmSync(directory, { recursive: true, force: true });
  });

  it("draws every node as SVG with a readable label, runs no injected markup and fetches nothing", async () => {
    const labels = await page.locator("#map .node .label").allTextContents();
    expect(labels).toEqual(
      expect.arrayContaining(["GET /orders", "api-orders", "worker", "worker-role", "orders", "uploads", "jobs"]),
    );
    expect(labels).toContain(`${HOSTILE_NAME.slice(0, 26)}…`);
    expect(await page.locator("#map rect").count()).toBeGreaterThanOrEqual(labels.length);
    expect(await page.locator("img").count()).toBe(0);
    expect(await page.evaluate(() => (globalThis as { __pwned?: number }).__pwned)).toBeUndefined();
    expect(requests.every((url) => url.startsWith("file://"))).toBe(true);
    expect(pageErrors).toEqual([]);
  });

  it("opens a side panel with a function's findings when the node is clicked", async () => {
    await expect(page.locator("#panel").isHidden()).resolves.toBe(true);
    await page.locator(".node.function", { hasText: /^worker/ }).click();
    await expect(page.locator("#panel").isVisible()).resolves.toBe(true);
    expect(await page.locator("#panel-title").textContent()).toBe("worker");
    const findings = await page.locator("#panel-findings li").allTextContents();
    expect(findings).toEqual([
      "criticaliam-privilege-escalations3:PutBucketPolicy on * lets the role open any bucket",
      "highiam-wildcard-resourceinline policy worker-access grants s3:PutObject on *",
    ]);
    expect(await page.locator("#panel-edges li").allTextContents()).toContain(
      "permissions → uploads: s3:PutBucketPolicy via inline policy worker-access",
    );
    // The hostile function's panel shows its name as text.
    await page.locator(".node.function", { hasText: "onerro" }).click();
    expect(await page.locator("#panel-title").textContent()).toBe(HOSTILE_NAME);
    expect(await page.locator("#panel-findings li").allTextContents()).toEqual(["No findings."]);
    await page.keyboard.press("Escape");
    await expect(page.locator("#panel").isHidden()).resolves.toBe(true);
  });

  it("zooms with the wheel and the buttons, and pans by dragging", async () => {
    const start = await viewTransform(page);
    await page.mouse.move(700, 500);
    await page.mouse.wheel(0, -400);
    await expect.poll(async () => (await viewTransform(page)).k).toBeGreaterThan(start.k);
    const zoomed = await viewTransform(page);
    await page.getByRole("button", { name: "Zoom out" }).click();
    expect((await viewTransform(page)).k).toBeLessThan(zoomed.k);

    const before = await viewTransform(page);
    await page.mouse.move(700, 760);
    await page.mouse.down();
    await page.mouse.move(600, 700, { steps: 4 });
    await page.mouse.up();
    const after = await viewTransform(page);
    expect([after.x - before.x, after.y - before.y]).toEqual([-100, -60]);
    expect(await page.locator("#panel").isHidden()).toBe(true);
  });

  it("fits the map to the window, readable, and screenshots it", async () => {
    await page.getByRole("button", { name: "Fit" }).click();
    expect((await viewTransform(page)).k).toBeGreaterThanOrEqual(0.9);
    const screenshot = join(directory, "map.png");
    await page.screenshot({ path: process.env.VIGIL_MAP_SCREENSHOT ?? screenshot });
    if (!process.env.VIGIL_MAP_SCREENSHOT) expect(existsSync(screenshot)).toBe(true);
  });
});
