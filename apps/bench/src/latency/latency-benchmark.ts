import type { BatchRun } from "../batch-traffic/batch-traffic-benchmark.js";
import { type EngineId, loadEngine } from "../harness/engines.js";
import { FakeDurableService } from "../harness/fake-durable-service.js";
import { runToCompletion } from "../harness/run-to-completion.js";
import { ratio, summarize } from "../harness/stats.js";
import { executionArn, executionOperation } from "../harness/wire-records.js";
import { withRoundTrip } from "./latency-client.js";
import {
  type LatencyWorkload,
  largeMap,
  realisticWorkflow,
  sequentialSteps,
  stepsWithIo,
} from "./latency-workloads.js";

/** Timed runs per variant and scenario; the median is reported. */
const DEFAULT_RUNS = 5;

/** What is measured: the official SDK, our engine with its defaults, our engine with deferred checkpoints. */
export const LatencyVariants = {
  official: { engine: "official", options: undefined },
  ours: { engine: "ours", options: undefined },
  oursDeferred: { engine: "ours", options: { deferredCheckpoints: true } },
} as const satisfies Record<string, { engine: EngineId; options: Record<string, unknown> | undefined }>;
export type LatencyVariant = keyof typeof LatencyVariants;
const VARIANTS = Object.keys(LatencyVariants) as LatencyVariant[];

export interface LatencyScenario {
  workload: LatencyWorkload;
  roundTripMs: number;
}

/**
 * The scenarios of the benchmark: the realistic workflow at 0, 5, 10 and 20 ms; 100 sequential
 * steps, a map of 500 and 20 steps that each wait 3 ms for I/O, at 10 ms.
 */
export function defaultLatencyScenarios(): LatencyScenario[] {
  const workflow = realisticWorkflow();
  return [
    ...[0, 5, 10, 20].map((roundTripMs) => ({ workload: workflow, roundTripMs })),
    { workload: sequentialSteps(100), roundTripMs: 10 },
    { workload: largeMap(500, 10), roundTripMs: 10 },
    { workload: stepsWithIo(20, 3), roundTripMs: 10 },
  ];
}

/** One variant's run of a scenario; `timeMs` includes every invocation and round trip. */
export type LatencyRun = Omit<BatchRun, "engine">;

async function runOnce(variant: LatencyVariant, scenario: LatencyScenario) {
  const { engine: engineId, options } = LatencyVariants[variant];
  const engine = await loadEngine(engineId);
  const service = new FakeDurableService();
  const lambda = engine.wrap(
    scenario.workload.handler,
    withRoundTrip(service.client, scenario.roundTripMs),
    options,
  );
  service.load(executionArn(`latency-${scenario.workload.name}`), [
    executionOperation({ orderId: "order-7" }),
  ]);
  const completed = await runToCompletion(lambda, service, `latency-${scenario.workload.name}`);
  return {
    ...completed,
    traffic: service.traffic,
    protocolIssues: service.protocolIssues,
  };
}

/**
 * Warms every variant up once, then runs them in turns (official, ours, ours deferred, official, …)
 * so that load from other processes on a shared machine hits them alike.
 */
async function measureAll(
  scenario: LatencyScenario,
  runs: number,
): Promise<Record<LatencyVariant, LatencyRun>> {
  const times = {} as Record<LatencyVariant, number[]>;
  const last = {} as Record<LatencyVariant, Awaited<ReturnType<typeof runOnce>>>;
  for (const variant of VARIANTS) {
    await runOnce(variant, scenario); // warm-up: module loading and JIT
    times[variant] = [];
  }
  for (let run = 0; run < runs; run++) {
    for (const variant of VARIANTS) {
      last[variant] = await runOnce(variant, scenario);
      times[variant].push(last[variant].timeMs);
    }
  }
  const result = {} as Record<LatencyVariant, LatencyRun>;
  for (const variant of VARIANTS) {
    const final = last[variant];
    result[variant] = {
      status: final.output.Status,
      outcome: final.outcome,
      invocations: final.invocations,
      traffic: final.traffic,
      timeMs: summarize(times[variant]),
      protocolIssues: [...final.protocolIssues],
    };
  }
  return result;
}

export interface LatencyScenarioResult {
  workload: string;
  description: string;
  roundTripMs: number;
  /** Round trips forced by the data dependencies with awaited step results, and with deferred ones. */
  lowerBound: { awaited: number; deferred: number };
  /** Wall time the lower bound costs: bound × round trip, plus the workload's own I/O. */
  lowerBoundMs: { awaited: number; deferred: number };
  variants: Record<LatencyVariant, LatencyRun>;
  /** ours / official and ours deferred / official. */
  timeRatio: { ours: number | null; oursDeferred: number | null };
  requestRatio: { ours: number | null; oursDeferred: number | null };
  requestBytesRatio: { ours: number | null; oursDeferred: number | null };
  /** Every variant returned what the official SDK returned. */
  sameResult: boolean;
}

export interface LatencyBenchmarkResult {
  runs: number;
  scenarios: LatencyScenarioResult[];
}

/**
 * Whole executions under a simulated round trip on every transport call: wall time, requests,
 * updates and bytes of the official SDK, our engine, and our engine in deferred-checkpoint mode,
 * with the ratios against the official SDK and the round trips the data dependencies force.
 */
export async function runLatencyBenchmark(
  scenarios: readonly LatencyScenario[] = defaultLatencyScenarios(),
  runs = DEFAULT_RUNS,
  log: (line: string) => void = () => undefined,
): Promise<LatencyBenchmarkResult> {
  const results: LatencyScenarioResult[] = [];
  for (const scenario of scenarios) {
    log(`latency: ${scenario.workload.name} at ${scenario.roundTripMs} ms`);
    const variants = await measureAll(scenario, runs);
    const { official, ours, oursDeferred } = variants;
    const { workload, roundTripMs } = scenario;
    const against = (pick: (run: LatencyRun) => number) => ({
      ours: ratio(pick(ours), pick(official)),
      oursDeferred: ratio(pick(oursDeferred), pick(official)),
    });
    results.push({
      workload: workload.name,
      description: workload.description,
      roundTripMs,
      lowerBound: { awaited: workload.awaitedRoundTrips, deferred: workload.deferredRoundTrips },
      lowerBoundMs: {
        awaited: workload.awaitedRoundTrips * roundTripMs + workload.workMs,
        deferred: workload.deferredRoundTrips * roundTripMs + workload.workMs,
      },
      variants,
      timeRatio: against((run) => run.timeMs.median),
      requestRatio: against((run) => run.traffic.checkpointRequests),
      requestBytesRatio: against((run) => run.traffic.requestBytes),
      sameResult: VARIANTS.every(
        (variant) =>
          variants[variant].status === official.status && variants[variant].outcome === official.outcome,
      ),
    });
  }
  return { runs, scenarios: results };
}
