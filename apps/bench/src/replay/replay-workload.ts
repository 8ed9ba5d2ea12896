import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import type { DurableExecutionInvocationOutput, WireOperation } from "@durable-lambda/core";
import type { BenchHandler, DurableLambda, Engine, EngineId } from "../harness/engines.js";
import { type CheckpointTraffic, FakeDurableService, parsePayload } from "../harness/fake-durable-service.js";
import { type Sample, summarize } from "../harness/stats.js";
import {
  executionArn,
  executionOperation,
  fakeLambdaContext,
  succeededStepOperation,
  wireOperationId,
} from "../harness/wire-records.js";

const MICROS_PER_MILLI = 1000;
const KIB = 1024;
/** Size and count of the warm-up invocations that compile both engines' code before memory is read. */
const MEMORY_WARMUP_STEPS = 200;
const MEMORY_WARMUP_RUNS = 3;
/**
 * Pause before reading what an invocation left behind: an engine may release its state from a
 * short timer after answering (the official SDK does, within ~20 ms); that is not a leak.
 */
const RETAINED_SETTLE_MS = 100;

/** The result the replay handler returns after `totalSteps` steps (step i returns i). */
export function expectedReplayResult(totalSteps: number): { steps: number; sum: number } {
  return { steps: totalSteps, sum: (totalSteps * (totalSteps + 1)) / 2 };
}

/** The state of an execution whose first `completedSteps` root steps already succeeded. */
export function replayOperations(completedSteps: number): WireOperation[] {
  const operations: WireOperation[] = [executionOperation()];
  for (let index = 1; index <= completedSteps; index++) {
    operations.push(succeededStepOperation(String(index), stepName(index), index));
  }
  return operations;
}

function stepName(index: number): string {
  return `step-${index}`;
}

/**
 * A loop of `totalSteps` named steps; step i returns i. Against a state holding `totalSteps - 1`
 * records, an invocation replays all but the last and runs the last. `onNewStep` runs inside the one
 * step that really executes (the memory probe uses it).
 */
export function replayHandler(totalSteps: number, onNewStep?: () => void): BenchHandler {
  return async (_event, context) => {
    let sum = 0;
    for (let index = 1; index <= totalSteps; index++) {
      sum += await context.step(stepName(index), async () => {
        onNewStep?.();
        return index;
      });
    }
    return { steps: totalSteps, sum };
  };
}

export interface ReplayTiming {
  engine: EngineId;
  completedSteps: number;
  /** Wall time of one invocation (replay N, run 1, checkpoint it, map the outcome), in ms. */
  invocationMs: Sample;
  /** Median invocation time divided by the replayed operations, in µs. */
  perOperationUs: number;
  /** The handler's result (the same for both engines, or the run fails). */
  result: string;
  /** Checkpoint traffic of the last measured invocation. */
  traffic: CheckpointTraffic;
}

export interface ReplayOptions {
  completedSteps: number;
  warmupRuns: number;
  runs: number;
}

/**
 * One warm "Lambda container": the handler is wrapped once, as a module-level `handler` export
 * would be; `load` puts a fresh copy of the state into the fake service and returns the invocation.
 */
class ReplayContainer {
  readonly service = new FakeDurableService();
  /** Step functions that really ran in the current invocation (replay must run exactly one). */
  executedSteps = 0;
  readonly #lambda: DurableLambda;

  constructor(
    readonly engine: Engine,
    readonly completedSteps: number,
    onNewStep?: () => void,
  ) {
    const handler = replayHandler(completedSteps + 1, () => {
      this.executedSteps++;
      onNewStep?.();
    });
    this.#lambda = engine.wrap(handler, this.service.client);
  }

  /**
   * The fake service's copy of the state is not part of a real Lambda process, so it is promoted
   * to the old generation (two minor GCs, with `--expose-gc`) and young-generation collections
   * during the run do not copy it. The invocation payload's bytes (off the V8 heap) are ready
   * before; the envelope is decoded and parsed from them afterwards and stays young, like the event
   * the Lambda runtime has just parsed.
   */
  load(runName: string): () => Promise<DurableExecutionInvocationOutput> {
    this.service.load(executionArn(runName), replayOperations(this.completedSteps));
    const payload = this.service.payload();
    globalThis.gc?.({ type: "minor" });
    globalThis.gc?.({ type: "minor" });
    this.executedSteps = 0;
    const envelope = parsePayload(payload);
    const context = fakeLambdaContext(runName);
    return () => this.#lambda(envelope, context);
  }

  async run(runName: string): Promise<DurableExecutionInvocationOutput> {
    const output = await this.load(runName)();
    this.check(output);
    return output;
  }

  /**
   * Fails loudly, with the engine's output, unless the invocation returned the expected result,
   * ran exactly the one new step (a re-run of a replayed step would compute the same sum, so it is
   * counted), checkpointed it, and sent nothing the service objects to.
   */
  check(output: DurableExecutionInvocationOutput): void {
    const { completedSteps, service } = this;
    const expected = JSON.stringify(expectedReplayResult(completedSteps + 1));
    const newStep = service.operation(wireOperationId(String(completedSteps + 1)));
    const problems: string[] = [];
    if (output.Status !== "SUCCEEDED") problems.push(`status ${output.Status}`);
    else if (output.Result !== expected) problems.push(`result ${output.Result} instead of ${expected}`);
    if (this.executedSteps !== 1) problems.push(`${this.executedSteps} step functions ran instead of 1`);
    if (newStep?.Status !== "SUCCEEDED") {
      problems.push(`new step ${completedSteps + 1} is ${newStep?.Status ?? "not checkpointed"}`);
    }
    if (service.protocolIssues.length > 0)
      problems.push(`protocol issues: ${service.protocolIssues.join("; ")}`);
    if (problems.length > 0) {
      throw new Error(
        `${this.engine.id} replaying ${completedSteps} steps: ${problems.join(", ")}. Output: ${JSON.stringify(output)}`,
      );
    }
  }
}

/**
 * Times replay invocations in this process, back to back like a warm container (a frozen Lambda
 * does no GC between invocations). No full GC is forced between runs: V8 shrinks the young
 * generation after one, and the next run then pays for regrowing it (measured: 2–4× slower and far
 * noisier). Garbage collections during a run are part of its cost; see `ReplayContainer.load` for
 * what is promoted first.
 */
export async function measureReplayTiming(engine: Engine, options: ReplayOptions): Promise<ReplayTiming> {
  const { completedSteps, warmupRuns, runs } = options;
  const container = new ReplayContainer(engine, completedSteps);
  const times: number[] = [];
  let result = "";
  for (let run = 0; run < warmupRuns + runs; run++) {
    const invoke = container.load(`replay-${completedSteps}-${run}`);
    const started = performance.now();
    const output = await invoke();
    const elapsed = performance.now() - started;
    container.check(output);
    result = output.Status === "SUCCEEDED" ? (output.Result ?? "") : "";
    if (run >= warmupRuns) times.push(elapsed);
  }
  const invocationMs = summarize(times);
  return {
    engine: engine.id,
    completedSteps,
    invocationMs,
    perOperationUs: (invocationMs.median * MICROS_PER_MILLI) / Math.max(completedSteps, 1),
    result,
    traffic: container.service.traffic,
  };
}

export interface ReplayMemory {
  engine: EngineId;
  completedSteps: number;
  /** Highest used V8 heap during the invocation, above the baseline (state + envelope loaded, after GC). */
  peakHeapBytes: number;
  /** Bytes allocated on the V8 heap during the invocation (garbage included). */
  allocatedBytes: number;
  /** Live heap (after a forced GC) while the new step runs, i.e. after replaying N, above the baseline. */
  liveHeapAtNewStepBytes: number;
  /** Live heap 100 ms after the invocation returned, above the baseline: what the engine keeps (should be ~0). */
  retainedAfterBytes: number;
  /** Growth of the process's peak RSS during the invocation (coarse: page-granular, V8 reuses freed pages). */
  maxRssGrowthBytes: number;
  /** Garbage collections during the peak-measured invocation. */
  collections: number;
}

function usedHeap(): number {
  return v8.getHeapStatistics().used_heap_size;
}

function maxRssBytes(): number {
  return process.resourceUsage().maxRSS * KIB;
}

/**
 * Measures replay memory in this process; needs `--expose-gc` and a fresh process per engine × size.
 *
 * Method: the used heap only grows between collections, so its peak is either the size right before
 * some collection or the size at the end. `v8.GCProfiler` reports the heap before every collection
 * during the invocation; the peak is the largest of those and the final size. A second invocation
 * forces a collection inside the one new step (after all N replays) to read the live working set.
 * The peak depends on when V8 chooses to collect (young generation size); the allocation volume and
 * the live working set do not, so all three are reported.
 */
export async function measureReplayMemory(engine: Engine, completedSteps: number): Promise<ReplayMemory> {
  const gc = globalThis.gc;
  if (gc === undefined) throw new Error("measureReplayMemory needs node --expose-gc");

  const warmup = new ReplayContainer(engine, MEMORY_WARMUP_STEPS);
  for (let run = 0; run < MEMORY_WARMUP_RUNS; run++) await warmup.run(`warmup-${run}`);

  // Peak and retained heap.
  const measured = new ReplayContainer(engine, completedSteps);
  const invoke = measured.load(`memory-${completedSteps}`);
  gc();
  gc();
  const baseline = usedHeap();
  const rssBefore = maxRssBytes();
  const profiler = new v8.GCProfiler();
  profiler.start();
  const output = await invoke();
  const atEnd = usedHeap();
  const profile = profiler.stop();
  const rssAfter = maxRssBytes();
  measured.check(output);
  const beforeEachCollection = profile.statistics.map((entry) => entry.beforeGC.heapStatistics.usedHeapSize);
  const peak = Math.max(atEnd, ...beforeEachCollection);
  // Heap use grows only by allocation between collections: what each collection freed plus the
  // final growth is everything the invocation allocated.
  const freed = profile.statistics.reduce(
    (sum, entry) =>
      sum + entry.beforeGC.heapStatistics.usedHeapSize - entry.afterGC.heapStatistics.usedHeapSize,
    0,
  );
  const allocated = atEnd - baseline + freed;
  await sleep(RETAINED_SETTLE_MS);
  gc();
  gc();
  const retained = usedHeap() - baseline;

  // Live heap at the new step.
  let liveAtNewStep = 0;
  let probeBaseline = 0;
  const probed = new ReplayContainer(engine, completedSteps, () => {
    gc();
    liveAtNewStep = usedHeap() - probeBaseline;
  });
  const invokeProbed = probed.load(`memory-probe-${completedSteps}`);
  gc();
  gc();
  probeBaseline = usedHeap();
  const probedOutput = await invokeProbed();
  probed.check(probedOutput);

  return {
    engine: engine.id,
    completedSteps,
    peakHeapBytes: peak - baseline,
    allocatedBytes: allocated,
    liveHeapAtNewStepBytes: liveAtNewStep,
    retainedAfterBytes: retained,
    maxRssGrowthBytes: rssAfter - rssBefore,
    collections: profile.statistics.length,
  };
}
