/**
 * Runs the cold-start benchmark alone and prints its table:
 * `node apps/bench/dist/cold-start/cold-start-cli.js [--runs 11]` (after `npx turbo run build`).
 */
import { parseArgs } from "node:util";
import { runColdStartBenchmark } from "./cold-start-benchmark.js";
import { renderColdStart } from "./cold-start-report.js";

const { values } = parseArgs({ options: { runs: { type: "string", default: "11" } } });
const runs = Number(values.runs);
if (!Number.isInteger(runs) || runs < 1) {
  throw new RangeError(`--runs must be a positive integer, got "${values.runs}"`);
}
process.stdout.write(`${renderColdStart(await runColdStartBenchmark({ runs }))}\n`);
