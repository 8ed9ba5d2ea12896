import type { BatchContext } from "../batch-traffic/batch-traffic-benchmark.js";
import type { BenchHandler } from "../harness/engines.js";

/** Updates one checkpoint request may carry (the service's limit). */
const MAX_UPDATES_PER_REQUEST = 250;

/**
 * A workload of the latency benchmark, with the fewest round trips any engine needs for it.
 *
 * `awaitedRoundTrips` counts what the data dependencies force when every step's result must be
 * durable before the code after it runs (the official semantics): one round trip per step a later
 * operation waits for, one per wave of a map or parallel (an item starts only when a slot frees,
 * i.e. after the previous item's step is durable), and one final flush when completions that need
 * no wait (a child context's end) are produced after the last awaited update.
 *
 * `deferredRoundTrips` is the same bound when step results may be queued (deferred mode): only the
 * final flush before the handler returns, split into requests of at most 250 updates.
 */
export interface LatencyWorkload {
  name: string;
  description: string;
  handler: BenchHandler;
  awaitedRoundTrips: number;
  /** Operation updates the workload writes (START and end of every step, context and item). */
  updates: number;
  deferredRoundTrips: number;
  /** Wall time the workload's own work takes on any engine (I/O inside steps), in milliseconds. */
  workMs: number;
}

/** Updates of one fresh at-least-once step: START and SUCCEED. */
const STEP_UPDATES = 2;
/** Updates of one context (child context, map, parallel, item, branch): START and SUCCEED. */
const CONTEXT_UPDATES = 2;

function deferredBound(updates: number): number {
  return Math.ceil(updates / MAX_UPDATES_PER_REQUEST);
}

export interface RealisticShape {
  sequentialSteps: number;
  childSteps: number;
  mapItems: number;
  mapConcurrency: number;
  parallelBranches: number;
}

/** 20 sequential steps, a child context of 5 steps, a map over 50 items (10 at a time), 5 parallel branches. */
export const realisticShape: RealisticShape = {
  sequentialSteps: 20,
  childSteps: 5,
  mapItems: 50,
  mapConcurrency: 10,
  parallelBranches: 5,
};

/** A realistic order workflow: sequential steps, a child context, a map and a parallel fan-out. */
export function realisticWorkflow(shape: RealisticShape = realisticShape): LatencyWorkload {
  const handler: BenchHandler = async (event, context) => {
    const ctx = context as BatchContext;
    const { orderId } = event as { orderId: string };
    let total = 0;
    for (let index = 1; index <= shape.sequentialSteps; index++) {
      const record = await ctx.step(`step-${index}`, async () => ({ orderId, index }));
      total += record.index;
    }
    const childTotal = await ctx.runInChildContext("child", async (child) => {
      let sum = 0;
      for (let index = 1; index <= shape.childSteps; index++) {
        sum += await child.step(`child-step-${index}`, async () => index * 10);
      }
      return sum;
    });
    const items = Array.from({ length: shape.mapItems }, (_, index) => index);
    const mapped = await ctx.map(
      "price-items",
      items,
      async (itemContext, value) => itemContext.step("price", async () => value * 3),
      { maxConcurrency: shape.mapConcurrency },
    );
    const branches = await ctx.parallel(
      "notify",
      Array.from(
        { length: shape.parallelBranches },
        (_, index) => async (branch: BatchContext) => branch.step("send", async () => index + 1),
      ),
    );
    const mapTotal = mapped.getResults().reduce((sum, value) => sum + value, 0);
    const branchTotal = branches.getResults().reduce((sum, value) => sum + value, 0);
    return { orderId, total, childTotal, mapTotal, branchTotal };
  };
  const waves = Math.ceil(shape.mapItems / shape.mapConcurrency);
  const updates =
    shape.sequentialSteps * STEP_UPDATES +
    CONTEXT_UPDATES +
    shape.childSteps * STEP_UPDATES +
    CONTEXT_UPDATES +
    shape.mapItems * (CONTEXT_UPDATES + STEP_UPDATES) +
    CONTEXT_UPDATES +
    shape.parallelBranches * (CONTEXT_UPDATES + STEP_UPDATES);
  const finalFlush = 1;
  return {
    name: "workflow",
    description: `${shape.sequentialSteps} steps, child context of ${shape.childSteps} steps, map of ${shape.mapItems} (maxConcurrency ${shape.mapConcurrency}), parallel of ${shape.parallelBranches}`,
    handler,
    awaitedRoundTrips: shape.sequentialSteps + shape.childSteps + waves + 1 + finalFlush,
    updates,
    deferredRoundTrips: deferredBound(updates),
    workMs: 0,
  };
}

/** `count` steps one after the other, each using the previous one's result. */
export function sequentialSteps(count = 100): LatencyWorkload {
  const updates = count * STEP_UPDATES;
  return {
    name: "sequential",
    description: `${count} sequential steps`,
    handler: async (_event, context) => {
      let value = 0;
      for (let index = 1; index <= count; index++) {
        const previous = value;
        value = await context.step(`step-${index}`, async () => previous + index);
      }
      return value;
    },
    awaitedRoundTrips: count,
    updates,
    deferredRoundTrips: deferredBound(updates),
    workMs: 0,
  };
}

/** A map over `items` items, `maxConcurrency` at a time, one step per item. */
export function largeMap(items = 500, maxConcurrency = 10): LatencyWorkload {
  const updates = CONTEXT_UPDATES + items * (CONTEXT_UPDATES + STEP_UPDATES);
  const finalFlush = 1;
  return {
    name: "map",
    description: `map of ${items} (maxConcurrency ${maxConcurrency}), one step per item`,
    handler: async (_event, context) => {
      const ctx = context as BatchContext;
      const values = Array.from({ length: items }, (_, index) => index);
      const result = await ctx.map(
        "items",
        values,
        async (itemContext, value) => itemContext.step("work", async () => value * 2),
        {
          maxConcurrency,
        },
      );
      return result.getResults().reduce((sum, value) => sum + value, 0);
    },
    awaitedRoundTrips: Math.ceil(items / maxConcurrency) + finalFlush,
    updates,
    deferredRoundTrips: deferredBound(updates),
    workMs: 0,
  };
}

/**
 * `count` sequential steps that each wait `ioMs` for I/O (a database call), as real steps do. The
 * bound counts round trips only; the I/O adds `count × ioMs` of wall time to every engine.
 */
export function stepsWithIo(count = 20, ioMs = 3): LatencyWorkload {
  const updates = count * STEP_UPDATES;
  return {
    name: "io-steps",
    description: `${count} sequential steps of ${ioMs} ms I/O each`,
    handler: async (_event, context) => {
      let value = 0;
      for (let index = 1; index <= count; index++) {
        const previous = value;
        value = await context.step(`step-${index}`, async () => {
          await new Promise((resolve) => setTimeout(resolve, ioMs));
          return previous + index;
        });
      }
      return value;
    },
    awaitedRoundTrips: count,
    updates,
    deferredRoundTrips: deferredBound(updates),
    workMs: count * ioMs,
  };
}
