/**
 * One cold start, run in a fresh Node process by the cold-start benchmark: imports an engine by
 * package name, wraps a one-step handler with the engine's default transport (which finds the local
 * service through `AWS_ENDPOINT_URL_LAMBDA`), and invokes it with the envelope in `COLD_START_EVENT`.
 * Prints, as JSON, the wall-clock and CPU milliseconds from before the import to the step's
 * checkpoint acknowledged, and the invocation's status. With `COLD_START_INVENTORY=1` it also lists the module files loaded.
 *
 * Usage (by the benchmark): `node dist/cold-start/cold-start-probe.js <package>`
 */
import { registerHooks } from "node:module";
import { fakeLambdaContext } from "../harness/wire-records.js";

const loaded: string[] = [];
if (process.env.COLD_START_INVENTORY === "1") {
  registerHooks({
    load(url, context, nextLoad) {
      if (url.startsWith("file:")) loaded.push(url);
      return nextLoad(url, context);
    },
  });
}

interface ProbeEngine {
  withDurableExecution(
    handler: (
      event: unknown,
      context: { step(name: string, fn: () => Promise<number>): Promise<number> },
    ) => Promise<number>,
  ): (event: unknown, context: unknown) => Promise<{ Status: string }>;
}

const MICROS_PER_MILLI = 1000;
const packageName = process.argv[2] ?? "";
const event: unknown = JSON.parse(process.env.COLD_START_EVENT ?? "{}");
const lambdaContext = fakeLambdaContext("cold-start");

const started = performance.now();
const cpuBefore = process.cpuUsage();
const engine = (await import(packageName)) as ProbeEngine;
let acknowledgedAt = Number.NaN;
let cpu: NodeJS.CpuUsage = { user: Number.NaN, system: Number.NaN };
const handler = engine.withDurableExecution(async (_event, context) => {
  const value = await context.step("first", async () => 1);
  acknowledgedAt = performance.now();
  cpu = process.cpuUsage(cpuBefore);
  return value;
});
const output = await handler(event, lambdaContext);
process.stdout.write(
  JSON.stringify({
    firstCheckpointMs: acknowledgedAt - started,
    firstCheckpointCpuMs: (cpu.user + cpu.system) / MICROS_PER_MILLI,
    status: output.Status,
    loaded,
  }),
);
