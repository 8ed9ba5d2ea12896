import { mkdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { CHROMIUM_PATH, hasChromium, launchChromium } from "./support/browser.js";
import {
  APPROVALS_DEV_ARGS,
  type DevProcess,
  PATIENCE_MS,
  PROCESS_TEST_TIMEOUT_MS,
  startDevProcess,
} from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

const screenshotDir = join(dirname(fileURLToPath(import.meta.url)), ".screenshots");

if (!hasChromium) {
  console.error(
    `\n!!! The web UI browser tests did NOT run: no Chromium at ${CHROMIUM_PATH}. ` +
      "Install it (apt-get install -y chromium) or set CHROMIUM_PATH. CI installs it.\n",
  );
}

describe.skipIf(!hasChromium)("web UI in headless Chromium", () => {
  let dev: DevProcess;
  let browser: { context: BrowserContext; close(): Promise<void> };
  let page: Page;

  beforeAll(async () => {
    mkdirSync(screenshotDir, { recursive: true });
    dev = await startDevProcess([...APPROVALS_DEV_ARGS, "flaky.ts", "--function-name", "flaky"]);
    browser = await launchChromium();
    page = await browser.context.newPage();
    page.setDefaultTimeout(PATIENCE_MS);
  });

  afterAll(async () => {
    await browser?.close();
    await dev?.stop();
  });

  async function startFromList(name: string, input: string, functionName = "approvals"): Promise<void> {
    await page.goto(`${dev.url}/`);
    await page.selectOption('#start select[name="functionName"]', functionName);
    await page.fill('#start input[name="executionName"]', name);
    await page.fill('#start input[name="input"]', input);
    await page.click('#start button[data-action="start"]');
    await page.waitForURL(/\/executions\?arn=/);
  }

  const summaryStatus = () => page.locator("#summary h2 .status");
  // The page refreshes itself every second; give it time, a hung page fails after PATIENCE_MS.
  const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: PATIENCE_MS });

  it("starts an execution from the list and shows its operations in the timeline", async () => {
    await startFromList("ui-approve", '{"item":"lamp"}');

    await poll(() => page.locator("h1").textContent()).toBe("ui-approve");
    await page.locator(".callback-form").waitFor();
    await poll(async () =>
      (await page.locator("svg.timeline text.label").allTextContents()).join("|"),
    ).toMatch(/prepare.*approval.*notify approver/);
    await poll(() => summaryStatus().textContent()).toBe("RUNNING");
  });

  it("answers the pending callback, and the page follows the execution to SUCCEEDED", async () => {
    await page.fill('.callback-form input[name="result"]', "approved");
    await page.click('.callback-form button[data-action="callback-succeed"]');

    await poll(() => page.locator("#message").textContent()).toContain('Callback succeeded with "approved"');
    await poll(() => summaryStatus().textContent()).toBe("SUCCEEDED");
    expect(await page.locator('#operations tr[data-operation-name="charge"] .status').textContent()).toBe(
      "SUCCEEDED",
    );
    expect(await page.locator("svg.timeline .attempt.failed").count()).toBe(1);
    expect(await page.locator("#summary").textContent()).toContain("approved");

    const file = join(screenshotDir, "execution-succeeded.png");
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(30_000);
  });

  it("sends a heartbeat and a callback failure; the failure fails the execution", async () => {
    await startFromList("ui-reject", '{"item":"sofa"}');
    await page.locator(".callback-form").waitFor();

    await page.click('.callback-form button[data-action="callback-heartbeat"]');
    await poll(() => page.locator("#message").textContent()).toBe("Heartbeat sent.");
    await page.fill('.callback-form input[name="result"]', "too expensive");
    await page.click('.callback-form button[data-action="callback-fail"]');

    await poll(() => page.locator("#message").textContent()).toContain("Callback failed: too expensive");
    await poll(() => summaryStatus().textContent()).toBe("FAILED");
    expect(await page.locator('#operations tr[data-operation-name="approval"] .status').textContent()).toBe(
      "FAILED",
    );
    expect(await page.locator("#summary").textContent()).toContain("too expensive");
  });

  it("stops a running execution with Stop", async () => {
    await startFromList("ui-stop", '{"item":"chair"}');
    await page.locator(".callback-form").waitFor();

    await page.click('button[data-action="stop"]');

    await poll(() => summaryStatus().textContent()).toBe("STOPPED");
    expect(await page.locator('button[data-action="stop"]').count()).toBe(0);
    expect(await page.locator(".callback-form").count()).toBe(0);
  });

  it("lists executions newest first and filters them by status", async () => {
    await page.goto(`${dev.url}/`);
    const names = await page.locator("#executions tbody tr td:nth-child(2)").allTextContents();
    expect(names.slice(0, 3)).toEqual(["ui-stop", "ui-reject", "ui-approve"]);

    await page.selectOption('select[name="status"]', "STOPPED");
    await page.click('.filters button[type="submit"]');

    await poll(() => page.locator("#executions tbody tr td:nth-child(2)").allTextContents()).toEqual([
      "ui-stop",
    ]);
    const file = join(screenshotDir, "list-filtered.png");
    await page.screenshot({ path: file });
    expect(statSync(file).size).toBeGreaterThan(10_000);
  });

  it("updates the list live when an execution changes", async () => {
    await page.goto(`${dev.url}/?status=RUNNING`);
    expect(await page.locator("#executions tbody tr[data-execution-arn]").count()).toBe(0);
    const other = await browser.context.newPage();
    await other.goto(`${dev.url}/`);
    await other.fill('#start input[name="executionName"]', "ui-live");
    await other.click('#start button[data-action="start"]');
    await other.close();

    await poll(() => page.locator("#executions tbody tr td:nth-child(2)").allTextContents()).toEqual([
      "ui-live",
    ]);
  });

  it("redrives a failed execution, which continues from where it failed", async () => {
    await startFromList("ui-redrive", '{"failUntilRedrive":true}', "flaky");
    await poll(() => summaryStatus().textContent()).toBe("FAILED");
    expect(await page.locator("#summary").textContent()).toContain("REDRIVABLE");

    await page.click('button[data-action="redrive"]');

    await page.waitForURL(/ui-redrive--redrive-1/);
    await poll(() => summaryStatus().textContent()).toBe("SUCCEEDED");
    expect(await page.locator("#summary").textContent()).toContain("ui-redrive--redrive-1");
    await page.click('#chain a:has-text("redriven from")');
    await poll(() => page.locator("h1").textContent()).toBe("ui-redrive");
    await poll(() => page.locator("#chain").textContent()).toContain("redriven to ui-redrive--redrive-1");
    await page.click('#chain a:has-text("redriven to")');
    await poll(() => page.locator("h1").textContent()).toBe("ui-redrive--redrive-1");
    // The step that succeeded before the failure is not run again: still one reservation.
    expect(await page.locator("#summary").textContent()).toMatch(/"reservations":\s*1/);
    const file = join(screenshotDir, "execution-redriven.png");
    await page.screenshot({ path: file, fullPage: true });
    expect(statSync(file).size).toBeGreaterThan(30_000);
  });
});
