import { bytes, ms, times } from "../report/format.js";
import { table } from "../report/results-report.js";
import type { LatencyBenchmarkResult, LatencyRun, LatencyScenarioResult } from "./latency-benchmark.js";

/** Targets against the official SDK in the same run. */
export const LatencyTargets = {
  /** Default mode: wall time and requests never above the official SDK's, in every scenario. */
  defaultModeRatio: 1,
  /** Deferred mode: the realistic workflow at 10 ms round trips. */
  deferredWorkflowTimeRatio: 0.3,
  deferredWorkflowRoundTripMs: 10,
  /** Deferred mode: 100 sequential steps. */
  deferredSequentialTimeRatio: 0.1,
} as const;

export interface LatencyTargetCheck {
  name: string;
  target: string;
  actual: string;
  met: boolean;
}

function label(scenario: LatencyScenarioResult): string {
  return `${scenario.workload} @ ${scenario.roundTripMs} ms`;
}

/** Checks the targets over every scenario; a miss is reported, never hidden. */
export function evaluateLatency(result: LatencyBenchmarkResult): {
  targets: LatencyTargetCheck[];
  anomalies: string[];
} {
  const targets: LatencyTargetCheck[] = [];
  const anomalies: string[] = [];
  const check = (name: string, actual: number | null, limit: number) =>
    targets.push({
      name,
      target: `≤ ${limit}`,
      actual: times(actual),
      met: actual !== null && actual <= limit,
    });
  for (const scenario of result.scenarios) {
    const name = label(scenario);
    check(`${name}: wall time ours / official`, scenario.timeRatio.ours, LatencyTargets.defaultModeRatio);
    check(`${name}: requests ours / official`, scenario.requestRatio.ours, LatencyTargets.defaultModeRatio);
    if (
      scenario.workload === "workflow" &&
      scenario.roundTripMs === LatencyTargets.deferredWorkflowRoundTripMs
    ) {
      check(
        `${name}: wall time ours deferred / official`,
        scenario.timeRatio.oursDeferred,
        LatencyTargets.deferredWorkflowTimeRatio,
      );
    }
    if (scenario.workload === "sequential") {
      check(
        `${name}: wall time ours deferred / official`,
        scenario.timeRatio.oursDeferred,
        LatencyTargets.deferredSequentialTimeRatio,
      );
    }
    if (!scenario.sameResult) {
      const outcomes = Object.entries(scenario.variants).map(
        ([variant, run]) => `${variant} ${run.status} ${run.outcome}`,
      );
      anomalies.push(`${name}: outcomes differ: ${outcomes.join("; ")}`);
    }
    for (const [variant, run] of Object.entries(scenario.variants)) {
      for (const issue of run.protocolIssues) anomalies.push(`${name}, ${variant}: ${issue}`);
    }
  }
  return { targets, anomalies };
}

/** The latency table: one block of rows per scenario, official first, then ours and ours deferred. */
export function renderLatency(result: LatencyBenchmarkResult): string {
  const header = [
    "Latency scenario",
    `Metric (median of ${result.runs})`,
    "official",
    "ours",
    "ours / official",
    "ours deferred",
    "deferred / official",
    "lower bound (awaited / deferred)",
  ];
  const rows: string[][] = [];
  for (const scenario of result.scenarios) {
    const { official, ours, oursDeferred } = scenario.variants;
    const row = (
      first: string,
      metric: string,
      pick: (run: LatencyRun) => number,
      format: (value: number) => string,
      ratios: { ours: number | null; oursDeferred: number | null } | undefined,
      bound: string,
    ) => [
      first,
      metric,
      format(pick(official)),
      format(pick(ours)),
      ratios === undefined ? "" : times(ratios.ours),
      format(pick(oursDeferred)),
      ratios === undefined ? "" : times(ratios.oursDeferred),
      bound,
    ];
    const { lowerBound, lowerBoundMs } = scenario;
    rows.push(
      row(
        `${label(scenario)}: ${scenario.description}`,
        "wall time, all invocations",
        (run) => run.timeMs.median,
        ms,
        scenario.timeRatio,
        `${ms(lowerBoundMs.awaited)} / ${ms(lowerBoundMs.deferred)}`,
      ),
      row(
        "",
        "checkpoint requests",
        (run) => run.traffic.checkpointRequests,
        String,
        scenario.requestRatio,
        `${lowerBound.awaited} / ${lowerBound.deferred}`,
      ),
      row("", "operation updates", (run) => run.traffic.updates, String, undefined, ""),
      row("", "request bytes", (run) => run.traffic.requestBytes, bytes, scenario.requestBytesRatio, ""),
    );
  }
  const { targets, anomalies } = evaluateLatency(result);
  const sections = [
    table(header, rows),
    "Latency targets:",
    targets
      .map(
        (target) =>
          `- ${target.met ? "met" : "**missed**"}: ${target.name} = ${target.actual} (target ${target.target})`,
      )
      .join("\n"),
  ];
  if (anomalies.length > 0)
    sections.push("Latency anomalies:", anomalies.map((line) => `- ${line}`).join("\n"));
  return sections.join("\n\n");
}
