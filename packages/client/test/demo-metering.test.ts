import { readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { ExecutionMetering } from "@durable-lambda/client";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { executionsFor, stubLocalEnvironment } from "./support/local-service.js";

const DEMO = join(import.meta.dirname, "../../../apps/demo");
const README = readFileSync(join(import.meta.dirname, "../README.md"), "utf8");

describe("metering of the demo workflow (apps/demo), as the README states it", () => {
  let runner: LocalDurableRunner;
  let metering: ExecutionMetering;
  beforeAll(async () => {
    // The demo handler uses the default transport, which reads the endpoint from the environment.
    const { handler } = await import(pathToFileURL(join(DEMO, "src/order-workflow.ts")).href);
    runner = new LocalDurableRunner({ functionName: "demo", transport: "http", handler });
    await runner.start();
    stubLocalEnvironment(runner);
    vi.spyOn(console, "log").mockImplementation(() => undefined);
    const input = JSON.parse(readFileSync(join(DEMO, "order-1001.json"), "utf8"));
    const run = await runner.run({ input, executionName: "order-1001" });
    expect(run.status).toBe("SUCCEEDED");
    metering = (await executionsFor(runner).describe(run.executionArn)).metering;
  });
  afterAll(async () => {
    vi.restoreAllMocks();
    vi.unstubAllEnvs();
    await runner.close();
  });

  it("bills what the table of the durable execution SDK says", () => {
    // execution 1; steps: validate 1, reserve 1, charge payment 2 (a timed-out attempt, then the
    // payment), create label 1, notify customer 1; the cool-off wait 1; the ship context 1.
    expect(metering.byKind.execution.operations).toBe(1);
    expect(metering.byKind.step.operations).toBe(6);
    expect(metering.byKind.wait.operations).toBe(1);
    expect(metering.byKind.context.operations).toBe(1);
    expect(metering.billedOperations).toBe(9);
  });

  it("matches the table in the README", () => {
    const rows = [...README.matchAll(/^\| `(\w+)` +\| (\d+) +\| (\d+) +\|$/gm)].map((match) => [
      match[1],
      Number(match[2]),
      Number(match[3]),
    ]);
    const measured = Object.entries(metering.byKind)
      .filter(([, usage]) => usage.operations > 0 || usage.bytesWritten > 0)
      .map(([kind, usage]) => [kind, usage.operations, usage.bytesWritten]);

    expect(rows).toEqual([...measured, ["total", metering.billedOperations, metering.bytesWritten]]);
  });
});
