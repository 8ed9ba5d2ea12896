/**
 * Runs the latency benchmark alone and prints its table:
 * `npx node apps/bench/dist/latency/latency-cli.js [--runs 5]` (after `npx turbo run build`).
 */
import { parseArgs } from "node:util";
import { defaultLatencyScenarios, runLatencyBenchmark } from "./latency-benchmark.js";
import { renderLatency } from "./latency-report.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "5" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new RangeError(`--runs must be a positive integer, got "${values.runs}"`);
}
const result = await runLatencyBenchmark(defaultLatencyScenarios(), runs, (line) =>
  process.stderr.write(`[bench] ${line}\n`),
);
process.stdout.write(`${renderLatency(result)}\n`);
