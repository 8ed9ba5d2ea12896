/**
 * Runs every benchmark against both engines in one go and writes `results/latest.json` and the
 * results section of `README.md`. Usage: `npm run bench` from the repository root (builds first).
 */
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { runBatchTrafficBenchmark } from "./batch-traffic/batch-traffic-benchmark.js";
import { runBundleSizeBenchmark } from "./bundle-size/bundle-size-benchmark.js";
import { runCheckpointTrafficBenchmark } from "./checkpoint-traffic/checkpoint-traffic-benchmark.js";
import { runColdImportBenchmark } from "./cold-import/cold-import-benchmark.js";
import { runColdStartBenchmark } from "./cold-start/cold-start-benchmark.js";
import { renderColdStart } from "./cold-start/cold-start-report.js";
import { runLatencyBenchmark } from "./latency/latency-benchmark.js";
import { evaluateLatency, renderLatency } from "./latency/latency-report.js";
import { renderLoggerCost, runLoggerCostBenchmark } from "./logger-cost.js";
import { renderMiddyOverhead, runMiddyOverheadBenchmark } from "./middy-overhead.js";
import { runReplayBenchmark } from "./replay/replay-benchmark.js";
import { machineFacts } from "./report/machine.js";
import { type BenchResults, evaluate, renderResults } from "./report/results-report.js";

const BENCH_DIR = new URL("..", import.meta.url);
const README = new URL("README.md", BENCH_DIR);
const RESULTS_DIR = new URL("results/", BENCH_DIR);
const RESULTS_START = "<!-- bench:results:start -->";
const RESULTS_END = "<!-- bench:results:end -->";
const MILLIS_PER_SECOND = 1000;

function log(line: string): void {
  process.stdout.write(`[bench] ${line}\n`);
}

async function writeReadmeResults(section: string): Promise<void> {
  const readme = await readFile(README, "utf8");
  const start = readme.indexOf(RESULTS_START);
  const end = readme.indexOf(RESULTS_END);
  const block = `${RESULTS_START}\n${section}\n${RESULTS_END}`;
  const updated =
    start === -1 || end < start
      ? `${readme.trimEnd()}\n\n## Results\n\n${block}\n`
      : `${readme.slice(0, start)}${block}${readme.slice(end + RESULTS_END.length)}`;
  await writeFile(README, updated);
}

async function main(): Promise<void> {
  const started = performance.now();
  const machine = machineFacts();
  log(`Node ${machine.node}, ${machine.nproc} CPUs (${machine.cpuModel})`);
  const partial: Omit<BenchResults, "targets" | "anomalies" | "durationSeconds"> = { machine, failures: [] };

  /** Runs one benchmark; a failure is recorded and reported, and the others still run. */
  const measure = async <T>(name: string, run: () => Promise<T>): Promise<T | undefined> => {
    log(`${name}…`);
    try {
      return await run();
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      partial.failures.push({ benchmark: name, error: message });
      log(`${name} FAILED: ${message}`);
      return undefined;
    }
  };
  const attempt = async <
    K extends "bundleSize" | "coldImport" | "checkpointTraffic" | "batchTraffic" | "replay",
  >(
    key: K,
    run: () => Promise<NonNullable<BenchResults[K]>>,
  ) => {
    const value = await measure(key, run);
    if (value !== undefined) partial[key] = value as (typeof partial)[K];
  };
  await attempt("bundleSize", () => runBundleSizeBenchmark());
  await attempt("coldImport", () => runColdImportBenchmark());
  await attempt("checkpointTraffic", () => runCheckpointTrafficBenchmark());
  await attempt("batchTraffic", () => runBatchTrafficBenchmark());
  await attempt("replay", () => runReplayBenchmark(undefined, log));
  // Compares two loggers, not the two engines: reported in a table of its own.
  const loggerCost = await measure("loggerCost", () => runLoggerCostBenchmark());
  // Compares two front ends of our engine: reported in a table of its own.
  const middyOverhead = await measure("middyOverhead", () => runMiddyOverheadBenchmark());
  // Whole executions under simulated round trips, with a deferred-checkpoint column: a table of its own.
  const latency = await measure("latency", () => runLatencyBenchmark(undefined, undefined, log));
  // A fresh process to the first checkpoint over HTTP, default transports: a table of its own.
  const coldStart = await measure("coldStart", () => runColdStartBenchmark());

  const durationSeconds = (performance.now() - started) / MILLIS_PER_SECOND;
  const complete = { ...partial, durationSeconds };
  const results: BenchResults = { ...complete, ...evaluate(complete) };
  const sections = [renderResults(results)];
  if (loggerCost !== undefined) sections.push(renderLoggerCost(loggerCost));
  if (middyOverhead !== undefined) sections.push(renderMiddyOverhead(middyOverhead));
  if (latency !== undefined) sections.push(renderLatency(latency));
  if (coldStart !== undefined) sections.push(renderColdStart(coldStart));
  const section = sections.join("\n\n");

  await mkdir(RESULTS_DIR, { recursive: true });
  await writeFile(
    new URL("latest.json", RESULTS_DIR),
    `${JSON.stringify({ ...results, loggerCost, middyOverhead, latency, coldStart }, null, 2)}\n`,
  );
  await writeReadmeResults(section);
  process.stdout.write(`\n${section}\n\n`);
  log(
    `wrote ${fileURLToPath(new URL("latest.json", RESULTS_DIR))} and the results section of ${fileURLToPath(README)}`,
  );
  if (results.failures.length > 0) process.exitCode = 1;
  if (latency !== undefined && evaluateLatency(latency).anomalies.length > 0) process.exitCode = 1;
}

await main();
