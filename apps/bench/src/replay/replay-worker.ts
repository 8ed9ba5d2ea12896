/**
 * Child-process entry of the replay benchmark: `replay-worker.js <engine> <timing|memory> <steps>
 * [warmupRuns runs]`. One engine and one size per process, so neither engine's heap, JIT state or
 * module cache influences the other's numbers.
 */
import { workerMain } from "../harness/child-process.js";
import { isEngineId, loadEngine } from "../harness/engines.js";
import { measureReplayMemory, measureReplayTiming } from "./replay-workload.js";

const [engineId, mode, steps, warmupRuns = "0", runs = "1"] = process.argv.slice(2);

await workerMain(async () => {
  if (!isEngineId(engineId)) throw new Error(`unknown engine ${engineId}`);
  const engine = await loadEngine(engineId);
  const completedSteps = Number(steps);
  if (mode === "timing") {
    return measureReplayTiming(engine, {
      completedSteps,
      warmupRuns: Number(warmupRuns),
      runs: Number(runs),
    });
  }
  if (mode === "memory") return measureReplayMemory(engine, completedSteps);
  throw new Error(`unknown mode ${mode}`);
});
