import { runWorker } from "../harness/child-process.js";
import { ENGINE_IDS, type EngineId } from "../harness/engines.js";
import { ratio } from "../harness/stats.js";
import type { ReplayMemory, ReplayTiming } from "./replay-workload.js";

/** Resolves to `dist/replay/replay-worker.js` from both `src/replay` and `dist/replay`. */
const WORKER = new URL("../../dist/replay/replay-worker.js", import.meta.url);

export interface ReplayBenchmarkOptions {
  /** Completed steps in the state (each invocation replays them and runs one more). */
  sizes: readonly number[];
  /** Warm-up and measured invocations per engine × size; larger sizes may use fewer. */
  runsFor(size: number): { warmupRuns: number; runs: number };
}

export const defaultReplayOptions: ReplayBenchmarkOptions = {
  sizes: [1_000, 10_000],
  runsFor: (size) => (size >= 10_000 ? { warmupRuns: 3, runs: 15 } : { warmupRuns: 20, runs: 41 }),
};

export interface ReplaySizeResult {
  completedSteps: number;
  timing: Record<EngineId, ReplayTiming>;
  memory: Record<EngineId, ReplayMemory>;
  /** Median invocation time, ours / official. */
  timeRatio: number | null;
  /** Peak heap above baseline, ours / official. */
  peakHeapRatio: number | null;
  /** Both engines returned the same handler result. */
  sameResult: boolean;
}

export interface ReplayBenchmarkResult {
  sizes: ReplaySizeResult[];
  /** time(largest) / time(smallest) per engine; linear replay gives the size ratio (10 for 1k → 10k). */
  scaling: Record<EngineId, number | null> & { sizeRatio: number };
}

/**
 * Replay benchmark: an execution whose state holds N succeeded steps, handler = N+1 steps, so each
 * invocation replays N and runs 1. Each engine × size × mode (timing, memory) runs in its own child
 * process; timing processes run one after the other so they never compete for a core.
 */
export async function runReplayBenchmark(
  options: ReplayBenchmarkOptions = defaultReplayOptions,
  onProgress: (line: string) => void = () => undefined,
): Promise<ReplayBenchmarkResult> {
  const sizes: ReplaySizeResult[] = [];
  for (const completedSteps of options.sizes) {
    const { warmupRuns, runs } = options.runsFor(completedSteps);
    const timing = {} as Record<EngineId, ReplayTiming>;
    const memory = {} as Record<EngineId, ReplayMemory>;
    for (const engine of ENGINE_IDS) {
      onProgress(`replay ${engine} N=${completedSteps}: timing`);
      timing[engine] = await runWorker<ReplayTiming>(
        WORKER,
        [engine, "timing", String(completedSteps), String(warmupRuns), String(runs)],
        ["--expose-gc"],
      );
      onProgress(`replay ${engine} N=${completedSteps}: memory`);
      memory[engine] = await runWorker<ReplayMemory>(
        WORKER,
        [engine, "memory", String(completedSteps)],
        ["--expose-gc"],
      );
    }
    sizes.push({
      completedSteps,
      timing,
      memory,
      timeRatio: ratio(timing.ours.invocationMs.median, timing.official.invocationMs.median),
      peakHeapRatio: ratio(memory.ours.peakHeapBytes, memory.official.peakHeapBytes),
      sameResult: timing.ours.result === timing.official.result,
    });
  }
  const first = sizes[0];
  const last = sizes[sizes.length - 1];
  const scalingOf = (engine: EngineId) =>
    first === undefined || last === undefined || first === last
      ? null
      : ratio(last.timing[engine].invocationMs.median, first.timing[engine].invocationMs.median);
  return {
    sizes,
    scaling: {
      ours: scalingOf("ours"),
      official: scalingOf("official"),
      sizeRatio: first === undefined || last === undefined ? 1 : last.completedSteps / first.completedSteps,
    },
  };
}
