import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  LocalDurableRunner,
  type LocalDurableServer,
  type LocalRunResult,
  startLocalDurableServer,
} from "@durable-lambda/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { buildExecutionTimeline } from "../src/inspect/execution-timeline.js";
import { handler } from "./fixtures/approval.js";
import { runCliProcess } from "./support/cli-process.js";
import { PROCESS_TEST_TIMEOUT_MS } from "./support/dev-process.js";

// These tests start processes (the CLI, dev servers, Chromium): generous limits for a loaded machine.
vi.setConfig({ testTimeout: PROCESS_TEST_TIMEOUT_MS, hookTimeout: PROCESS_TEST_TIMEOUT_MS });

let runner: LocalDurableRunner;
let server: LocalDurableServer;
let result: LocalRunResult;
let workDir: string;

beforeAll(async () => {
  runner = new LocalDurableRunner({ handler, functionName: "approvals" });
  const approval = runner.waitForOperation("approval");
  const running = runner.run({ input: { item: "<b>desk</b>" }, executionName: "desk-1" });
  await (await approval).sendCallbackSuccess(JSON.stringify({ approved: true }));
  result = await running;
  server = await startLocalDurableServer({ service: runner.service });
  workDir = mkdtempSync(join(tmpdir(), "durable-inspect-"));
});

afterAll(async () => {
  await server.close();
  await runner.close();
  rmSync(workDir, { recursive: true, force: true });
});

describe("durable-lambda inspect", () => {
  it("writes one self-contained HTML page with summary, timeline, operations and every history event", async () => {
    expect(result.status).toBe("SUCCEEDED");
    const file = join(workDir, "desk.html");

    const { code, stdout } = await runCliProcess([
      "inspect",
      result.executionArn,
      "--endpoint-url",
      server.endpoint,
      "--html",
      file,
    ]);

    expect(code).toBe(0);
    expect(stdout.trim()).toBe(file);
    const html = readFileSync(file, "utf8");
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).toContain('<section id="summary">');
    expect(html).toContain("status-SUCCEEDED");
    expect(html).toContain('<svg class="timeline"');
    for (const name of ["prepare", "approval", "notify approver", "cool-off", "charge", "ship", "label"]) {
      expect(html).toContain(`data-operation-name="${name}"`);
    }
    // Two attempts of the retried step, the failed one red, joined by the retry delay.
    expect(html).toContain('class="attempt failed"');
    expect(html).toContain('class="retry-delay"');
    expect(html).toContain('class="callback"');
    expect(html).toContain('class="wait"');
    expect(html).toContain('class="context"');
    // Every history event, with payloads (escaped).
    for (const event of result.history) expect(html).toContain(`<td>${event.EventType}</td>`);
    expect(html).toContain(`History (${result.history.length} events)`);
    expect(html).toContain("gateway timed out");
    expect(html).toContain("&lt;b&gt;desk&lt;/b&gt;");
    expect(html).not.toContain("<b>desk</b>");
    // Nothing is fetched from anywhere.
    expect(html).not.toMatch(/<script|<link|<img|src=|url\(/i);
    expect(html).toContain("default-src 'none'");
  });

  it("prints the page on stdout with --html -", async () => {
    const { code, stdout } = await runCliProcess([
      "inspect",
      result.executionArn,
      "--endpoint-url",
      server.endpoint,
      "--html",
      "-",
    ]);

    expect(code).toBe(0);
    expect(stdout).toMatch(/^<!doctype html>/);
    expect(stdout).toContain("desk-1");
  });

  it("exits 1 naming the service's error for an unknown execution", async () => {
    const unknown = result.executionArn.replace(/[0-9a-f]{8}-/, "00000000-");

    const { code, stderr } = await runCliProcess(["inspect", unknown, "--endpoint-url", server.endpoint]);

    expect(code).toBe(1);
    expect(stderr).toMatch(/^error: inspect \S+ failed: ResourceNotFoundException: /m);
  });

  it("exits 1 saying the endpoint cannot be reached", async () => {
    const { code, stderr } = await runCliProcess([
      "inspect",
      result.executionArn,
      "--endpoint-url",
      "http://127.0.0.1:1",
    ]);

    expect(code).toBe(1);
    expect(stderr).toContain("cannot reach the endpoint (ECONNREFUSED)");
  });

  it("exits 2 for a malformed --endpoint-url or a missing ARN", async () => {
    const missing = await runCliProcess(["inspect"]);
    const malformed = await runCliProcess(["inspect", result.executionArn, "--endpoint-url", "127.0.0.1:9"]);

    expect(missing.code).toBe(2);
    expect(missing.stderr).toContain("error: missing required argument 'arn'");
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toContain('--endpoint-url "127.0.0.1:9" is not an http(s) URL');
  });
});

describe("execution timeline from history", () => {
  it("rebuilds attempts, waits, callbacks and nesting", () => {
    const timeline = buildExecutionTimeline(result.history);
    const byName = new Map(timeline.operations.map((operation) => [operation.name, operation]));

    expect(byName.get("charge")?.attempts.map((attempt) => attempt.outcome)).toEqual(["FAILED", "SUCCEEDED"]);
    expect(byName.get("charge")?.status).toBe("SUCCEEDED");
    expect(byName.get("cool-off")?.scheduledEndAt).toBe((byName.get("cool-off")?.startedAt ?? 0) + 1_000);
    expect(byName.get("approval")?.callbackId).toBe(
      result.getOperation("approval")?.CallbackDetails?.CallbackId,
    );
    expect(byName.get("label")?.depth).toBe(1);
    expect(timeline.invocations.length).toBe(result.invocations.length);
  });
});
