import type { BatchTrafficResult } from "../batch-traffic/batch-traffic-benchmark.js";
import type { BundleSizeResult } from "../bundle-size/bundle-size-benchmark.js";
import type { CheckpointTrafficResult } from "../checkpoint-traffic/checkpoint-traffic-benchmark.js";
import type { ColdImportResult } from "../cold-import/cold-import-benchmark.js";
import { ratio } from "../harness/stats.js";
import type { ReplayBenchmarkResult } from "../replay/replay-benchmark.js";
import { bytes, integer, mib, ms, times, us } from "./format.js";
import type { MachineFacts } from "./machine.js";

/** Targets from the benchmark brief; a miss is reported, never hidden. */
export const Targets = {
  replayTimeRatio: 1,
  replayTimeRatioAim: 0.5,
  replayScalingOurs: 12,
  bundleGzipRatio: 1,
  checkpointRequestRatio: 1,
} as const;

export interface TargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

export interface BenchResults {
  machine: MachineFacts;
  durationSeconds: number;
  replay?: ReplayBenchmarkResult;
  coldImport?: ColdImportResult;
  bundleSize?: BundleSizeResult;
  checkpointTraffic?: CheckpointTrafficResult;
  batchTraffic?: BatchTrafficResult;
  /** A benchmark that threw (an engine failing a workload, a missing build, …). */
  failures: { benchmark: string; error: string }[];
  /** Things that are not target misses but need a look: different results, protocol issues. */
  anomalies: string[];
  targets: TargetCheck[];
}

function check(name: string, target: string, actual: number | null, limit: number): TargetCheck {
  return { name, target, actual: times(actual), met: actual !== null && actual <= limit };
}

/** Evaluates the brief's targets and collects anomalies from whatever benchmarks completed. */
export function evaluate(
  results: Omit<BenchResults, "targets" | "anomalies">,
): Pick<BenchResults, "targets" | "anomalies"> {
  const targets: TargetCheck[] = [];
  const anomalies: string[] = [];
  const { replay, coldImport, bundleSize, checkpointTraffic } = results;
  if (replay !== undefined) {
    for (const size of replay.sizes) {
      const n = integer.format(size.completedSteps);
      targets.push(
        check(
          `replay N=${n}: time ours / official`,
          `≤ ${Targets.replayTimeRatio} (aim ${Targets.replayTimeRatioAim})`,
          size.timeRatio,
          Targets.replayTimeRatio,
        ),
      );
      if (!size.sameResult) {
        anomalies.push(
          `replay N=${n}: results differ: ours ${size.timing.ours.result}, official ${size.timing.official.result}`,
        );
      }
    }
    targets.push(
      check(
        `replay scaling ours: time(${integer.format(replay.sizes.at(-1)?.completedSteps ?? 0)}) / time(${integer.format(replay.sizes[0]?.completedSteps ?? 0)})`,
        `≤ ${Targets.replayScalingOurs}`,
        replay.scaling.ours,
        Targets.replayScalingOurs,
      ),
    );
  }
  if (coldImport !== undefined) {
    for (const [engine, result] of Object.entries(coldImport.engines)) {
      if (result.awsSdkModulesLoaded.length > 0) {
        anomalies.push(
          `cold import: ${engine} loads ${result.awsSdkModulesLoaded.length} @aws-sdk modules at import`,
        );
      }
    }
  }
  if (bundleSize !== undefined) {
    targets.push({
      ...check(
        "bundle gzip ours / official",
        `< ${Targets.bundleGzipRatio}`,
        bundleSize.gzipRatio,
        Targets.bundleGzipRatio,
      ),
      met: bundleSize.gzipRatio !== null && bundleSize.gzipRatio < Targets.bundleGzipRatio,
    });
  }
  if (checkpointTraffic !== undefined) {
    targets.push(
      check(
        "checkpoint requests ours / official",
        `≤ ${Targets.checkpointRequestRatio}`,
        checkpointTraffic.requestRatio,
        Targets.checkpointRequestRatio,
      ),
      check(
        "checkpoint request bytes ours / official",
        `≤ ${Targets.checkpointRequestRatio}`,
        checkpointTraffic.requestBytesRatio,
        Targets.checkpointRequestRatio,
      ),
    );
    if (!checkpointTraffic.sameResult) {
      const { ours, official } = checkpointTraffic.engines;
      anomalies.push(
        `checkpoint traffic: outcomes differ: ours ${ours.status} ${ours.outcome}, official ${official.status} ${official.outcome}`,
      );
    }
    for (const run of Object.values(checkpointTraffic.engines)) {
      for (const issue of run.protocolIssues) anomalies.push(`checkpoint traffic, ${run.engine}: ${issue}`);
    }
  }
  if (results.batchTraffic !== undefined) {
    for (const workload of results.batchTraffic.workloads) {
      targets.push(
        check(
          `${workload.workload}: checkpoint requests ours / official`,
          `≤ ${Targets.checkpointRequestRatio}`,
          workload.requestRatio,
          Targets.checkpointRequestRatio,
        ),
        check(
          `${workload.workload}: checkpoint request bytes ours / official`,
          `≤ ${Targets.checkpointRequestRatio}`,
          workload.requestBytesRatio,
          Targets.checkpointRequestRatio,
        ),
      );
      if (!workload.sameResult) {
        const { ours, official } = workload.engines;
        anomalies.push(
          `${workload.workload}: outcomes differ: ours ${ours.status} ${ours.outcome}, official ${official.status} ${official.outcome}`,
        );
      }
      for (const run of Object.values(workload.engines)) {
        for (const issue of run.protocolIssues)
          anomalies.push(`${workload.workload}, ${run.engine}: ${issue}`);
      }
    }
  }
  return { targets, anomalies };
}

export type Row = [string, string, string, string, string];
/** Columns after the first two hold numbers and are right-aligned. */
const LEFT_ALIGNED_COLUMNS = 2;

/**
 * A Markdown table with padded columns, in the layout the repository's formatter (Biome) writes,
 * so the regenerated README passes `npm run lint` as it is.
 */
export function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((_, column) =>
    Math.max(3, ...[header, ...rows].map((row) => [...row[column]!].length)),
  );
  const pad = (cell: string, column: number) => {
    const fill = " ".repeat(widths[column]! - [...cell].length);
    return column < LEFT_ALIGNED_COLUMNS ? cell + fill : fill + cell;
  };
  const line = (cells: readonly string[]) => `| ${cells.map(pad).join(" | ")} |`;
  const rule = widths.map((width, column) =>
    column < LEFT_ALIGNED_COLUMNS ? "-".repeat(width) : `${"-".repeat(width - 1)}:`,
  );
  return [line(header), `| ${rule.join(" | ")} |`, ...rows.map(line)].join("\n");
}

/** The results section of the README: stamp, one table with absolute numbers and ratios, targets. */
export function renderResults(results: BenchResults): string {
  const { machine, replay, coldImport, bundleSize, checkpointTraffic } = results;
  const rows: Row[] = [];
  if (replay !== undefined) {
    for (const size of replay.sizes) {
      const { ours, official } = size.timing;
      const n = `Replay N=${integer.format(size.completedSteps)}`;
      rows.push(
        [
          n,
          "invocation, median",
          ms(ours.invocationMs.median),
          ms(official.invocationMs.median),
          times(size.timeRatio),
        ],
        [
          "",
          "per replayed operation",
          us(ours.perOperationUs),
          us(official.perOperationUs),
          times(size.timeRatio),
        ],
        [
          "",
          "peak heap above baseline",
          mib(size.memory.ours.peakHeapBytes),
          mib(size.memory.official.peakHeapBytes),
          times(size.peakHeapRatio),
        ],
        [
          "",
          "heap allocated per invocation",
          mib(size.memory.ours.allocatedBytes),
          mib(size.memory.official.allocatedBytes),
          times(ratio(size.memory.ours.allocatedBytes, size.memory.official.allocatedBytes)),
        ],
        [
          "",
          "live heap after replaying N",
          mib(size.memory.ours.liveHeapAtNewStepBytes),
          mib(size.memory.official.liveHeapAtNewStepBytes),
          times(ratio(size.memory.ours.liveHeapAtNewStepBytes, size.memory.official.liveHeapAtNewStepBytes)),
        ],
        [
          "",
          "heap still held 100 ms after the invocation",
          mib(size.memory.ours.retainedAfterBytes),
          mib(size.memory.official.retainedAfterBytes),
          "",
        ],
        [
          "",
          "peak RSS growth",
          mib(size.memory.ours.maxRssGrowthBytes),
          mib(size.memory.official.maxRssGrowthBytes),
          times(ratio(size.memory.ours.maxRssGrowthBytes, size.memory.official.maxRssGrowthBytes)),
        ],
      );
    }
    const first = replay.sizes[0]?.completedSteps ?? 0;
    const last = replay.sizes.at(-1)?.completedSteps ?? 0;
    rows.push([
      "Replay scaling",
      `time(${integer.format(last)}) / time(${integer.format(first)}); linear = ${replay.scaling.sizeRatio}`,
      replay.scaling.ours?.toFixed(1) ?? "—",
      replay.scaling.official?.toFixed(1) ?? "—",
      "",
    ]);
  }
  if (coldImport !== undefined) {
    const { ours, official } = coldImport.engines;
    rows.push(
      [
        "Cold import",
        "`import()` of the package, median",
        ms(ours.importMs.median),
        ms(official.importMs.median),
        times(coldImport.timeRatio),
      ],
      [
        "",
        "`import()` of its esbuild bundle, median",
        ms(ours.bundledImportMs.median),
        ms(official.bundledImportMs.median),
        times(coldImport.bundledTimeRatio),
      ],
      ["", "module files loaded", String(ours.modulesLoaded), String(official.modulesLoaded), ""],
      [
        "",
        "`@aws-sdk/*` loaded at import",
        ours.awsSdkModulesLoaded.length === 0 ? "no" : `yes (${ours.awsSdkModulesLoaded.length})`,
        official.awsSdkModulesLoaded.length === 0 ? "no" : `yes (${official.awsSdkModulesLoaded.length})`,
        "",
      ],
    );
  }
  if (bundleSize !== undefined) {
    const { ours, official } = bundleSize.engines;
    rows.push(
      [
        "Bundle size",
        "esbuild --minify, loaded with the import, raw",
        bytes(ours.rawBytes),
        bytes(official.rawBytes),
        times(bundleSize.rawRatio),
      ],
      ["", "gzip -9", bytes(ours.gzipBytes), bytes(official.gzipBytes), times(bundleSize.gzipRatio)],
      [
        "",
        "lazy chunks (loaded on first use), gzip -9",
        bytes(ours.lazyGzipBytes),
        bytes(official.lazyGzipBytes),
        "",
      ],
    );
  }
  if (checkpointTraffic !== undefined) {
    const { ours, official } = checkpointTraffic.engines;
    const { steps, childSteps, waits } = checkpointTraffic.shape;
    rows.push(
      [
        "Checkpoint traffic",
        `checkpoint requests (${steps} steps + child of ${childSteps} + ${waits} waits)`,
        String(ours.traffic.checkpointRequests),
        String(official.traffic.checkpointRequests),
        times(checkpointTraffic.requestRatio),
      ],
      [
        "",
        "request bytes",
        bytes(ours.traffic.requestBytes),
        bytes(official.traffic.requestBytes),
        times(checkpointTraffic.requestBytesRatio),
      ],
      ["", "operation updates", String(ours.traffic.updates), String(official.traffic.updates), ""],
      [
        "",
        "empty (polling) requests",
        String(ours.traffic.emptyCheckpointRequests),
        String(official.traffic.emptyCheckpointRequests),
        "",
      ],
      ["", "invocations to SUCCEEDED", String(ours.invocations), String(official.invocations), ""],
    );
  }

  if (results.batchTraffic !== undefined) {
    for (const workload of results.batchTraffic.workloads) {
      const { ours, official } = workload.engines;
      rows.push(
        [
          workload.workload === "map" ? "Map" : "Parallel",
          `checkpoint requests (${workload.description})`,
          String(ours.traffic.checkpointRequests),
          String(official.traffic.checkpointRequests),
          times(workload.requestRatio),
        ],
        [
          "",
          "request bytes",
          bytes(ours.traffic.requestBytes),
          bytes(official.traffic.requestBytes),
          times(workload.requestBytesRatio),
        ],
        [
          "",
          `time to SUCCEEDED, all invocations (median of ${results.batchTraffic.runs})`,
          ms(ours.timeMs.median),
          ms(official.timeMs.median),
          times(workload.timeRatio),
        ],
        ["", "invocations to SUCCEEDED", String(ours.invocations), String(official.invocations), ""],
      );
    }
  }

  const stamp = [
    `Measured ${machine.date.slice(0, 10)} (${machine.date}) on Node ${machine.node}, ${machine.nproc} CPUs (${machine.cpuModel}), ${machine.os}, ${machine.memoryGiB} GiB; commit ${machine.commit}.`,
    `Engines: \`@durable-lambda/core\` ${machine.engineVersions.ours} ("ours") and \`@aws/durable-execution-sdk-js\` ${machine.engineVersions.official} ("official"). The whole run took ${results.durationSeconds.toFixed(0)} s.`,
  ].join(" ");
  const sections = [
    stamp,
    table(["Benchmark", "Metric", "ours", "official", "ours / official"], rows),
    "Targets:",
    results.targets
      .map(
        (target) =>
          `- ${target.met ? "met" : "**missed**"}: ${target.name} = ${target.actual} (target ${target.target})`,
      )
      .join("\n"),
  ];
  if (results.anomalies.length > 0) {
    sections.push("Anomalies:", results.anomalies.map((anomaly) => `- ${anomaly}`).join("\n"));
  }
  if (results.failures.length > 0) {
    sections.push(
      "Failed benchmarks:",
      results.failures
        .map((failure) => `- ${failure.benchmark}: \`${failure.error.split("\n")[0]}\``)
        .join("\n"),
    );
  }
  return sections.join("\n\n");
}
