import type { DurableExecutionInvocationOutput } from "@durable-lambda/core";
import {
  type BenchContext,
  type BenchHandler,
  ENGINE_IDS,
  type EngineId,
  loadEngine,
} from "../harness/engines.js";
import { type CheckpointTraffic, FakeDurableService } from "../harness/fake-durable-service.js";
import { runToCompletion } from "../harness/run-to-completion.js";
import { ratio, type Sample, summarize } from "../harness/stats.js";
import { executionArn, executionOperation } from "../harness/wire-records.js";

/** Timed runs per engine and workload; the median is reported. */
const DEFAULT_RUNS = 5;

/** The slice of map/parallel the workloads use; both engines have these overloads. */
export interface BatchContext extends BenchContext {
  map<I, O>(
    name: string,
    items: I[],
    fn: (context: BatchContext, item: I, index: number) => Promise<O>,
    config?: { maxConcurrency?: number },
  ): Promise<{ getResults(): O[] }>;
  parallel<O>(
    name: string,
    branches: Array<(context: BatchContext) => Promise<O>>,
  ): Promise<{ getResults(): O[] }>;
}

export interface BatchWorkload {
  name: string;
  description: string;
  handler: BenchHandler;
}

/** A map over `items` records, 10 at a time, each item one step returning a small record. */
export function mapWorkload(items = 1000, maxConcurrency = 10): BatchWorkload {
  return {
    name: "map",
    description: `map over ${items.toLocaleString("en-US")} items, maxConcurrency ${maxConcurrency}, one step per item`,
    handler: async (_event, context) => {
      const ctx = context as BatchContext;
      const input = Array.from({ length: items }, (_, index) => ({
        sku: `sku-${index}`,
        quantity: index % 7,
      }));
      const result = await ctx.map(
        "price-items",
        input,
        async (item, line) => item.step("price", async () => ({ sku: line.sku, total: line.quantity * 3 })),
        { maxConcurrency },
      );
      return result.getResults().reduce((sum, line) => sum + line.total, 0);
    },
  };
}

/** A parallel fan-out of `branches` branches, each two steps around a wait (two invocations). */
export function parallelWorkload(branches = 50): BatchWorkload {
  return {
    name: "parallel",
    description: `parallel fan-out of ${branches} branches, each step → wait → step`,
    handler: async (_event, context) => {
      const ctx = context as BatchContext;
      const result = await ctx.parallel(
        "fan-out",
        Array.from({ length: branches }, (_, index) => async (branch: BatchContext) => {
          const first = await branch.step("reserve", async () => ({ branch: index, reserved: true }));
          await branch.wait("settle", { seconds: 60 });
          return branch.step("confirm", async () => first.branch * 2);
        }),
      );
      return result.getResults().reduce((sum, value) => sum + value, 0);
    },
  };
}

export interface BatchRun {
  engine: EngineId;
  status: DurableExecutionInvocationOutput["Status"];
  outcome: string;
  invocations: number;
  traffic: CheckpointTraffic;
  /** Wall time of the whole execution (every invocation), in milliseconds. */
  timeMs: Sample;
  protocolIssues: string[];
}

async function runOnce(engineId: EngineId, workload: BatchWorkload) {
  const engine = await loadEngine(engineId);
  const service = new FakeDurableService();
  const lambda = engine.wrap(workload.handler, service.client);
  service.load(executionArn(workload.name), [executionOperation({})]);
  const completed = await runToCompletion(lambda, service, workload.name);
  return {
    ...completed,
    traffic: service.traffic,
    protocolIssues: [...service.protocolIssues],
  };
}

async function measure(engineId: EngineId, workload: BatchWorkload, runs: number): Promise<BatchRun> {
  await runOnce(engineId, workload); // warm-up: module loading and JIT
  const times: number[] = [];
  let last: Awaited<ReturnType<typeof runOnce>> | undefined;
  for (let run = 0; run < runs; run++) {
    last = await runOnce(engineId, workload);
    times.push(last.timeMs);
  }
  const final = last as Awaited<ReturnType<typeof runOnce>>;
  return {
    engine: engineId,
    status: final.output.Status,
    outcome: final.outcome,
    invocations: final.invocations,
    traffic: final.traffic,
    timeMs: summarize(times),
    protocolIssues: final.protocolIssues,
  };
}

export interface BatchWorkloadResult {
  workload: string;
  description: string;
  engines: Record<EngineId, BatchRun>;
  requestRatio: number | null;
  requestBytesRatio: number | null;
  timeRatio: number | null;
  sameResult: boolean;
}

export interface BatchTrafficResult {
  runs: number;
  workloads: BatchWorkloadResult[];
}

/** Checkpoint requests, bytes and time of a 1,000-item map and a parallel fan-out, on both engines. */
export async function runBatchTrafficBenchmark(
  workloads: readonly BatchWorkload[] = [mapWorkload(), parallelWorkload()],
  runs = DEFAULT_RUNS,
): Promise<BatchTrafficResult> {
  const results: BatchWorkloadResult[] = [];
  for (const workload of workloads) {
    const engines = {} as Record<EngineId, BatchRun>;
    for (const engine of ENGINE_IDS) engines[engine] = await measure(engine, workload, runs);
    const { ours, official } = engines;
    results.push({
      workload: workload.name,
      description: workload.description,
      engines,
      requestRatio: ratio(ours.traffic.checkpointRequests, official.traffic.checkpointRequests),
      requestBytesRatio: ratio(ours.traffic.requestBytes, official.traffic.requestBytes),
      timeRatio: ratio(ours.timeMs.median, official.timeMs.median),
      sameResult: ours.status === official.status && ours.outcome === official.outcome,
    });
  }
  return { runs, workloads: results };
}
