import type { DurableContext, Operation } from "@durable-lambda/core";
import { createRetryStrategy, withDurableExecution } from "@durable-lambda/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CheckpointInterruption, runWithInterruption } from "../support/harness.js";

/** What one map item or parallel branch does. */
type Body =
  | { kind: "step"; value: number }
  | { kind: "wait"; seconds: number; value: number }
  | { kind: "flaky"; value: number };

/** One top-level operation of a generated workflow. */
type Op =
  | { kind: "step"; value: number }
  | { kind: "wait"; seconds: number }
  | { kind: "callback" }
  | { kind: "map"; items: Body[]; maxConcurrency: number | undefined; flat: boolean }
  | { kind: "parallel"; branches: Body[] }
  | { kind: "all"; values: number[] };

const value = fc.integer({ min: -50, max: 50 });
const body: fc.Arbitrary<Body> = fc.oneof(
  fc.record({ kind: fc.constant("step" as const), value }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 3600 }), value }),
  fc.record({ kind: fc.constant("flaky" as const), value }),
);
const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("step" as const), value }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 86_400 }) }),
  fc.record({ kind: fc.constant("callback" as const) }),
  fc.record({
    kind: fc.constant("map" as const),
    items: fc.array(body, { minLength: 0, maxLength: 5 }),
    maxConcurrency: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    flat: fc.boolean(),
  }),
  fc.record({
    kind: fc.constant("parallel" as const),
    branches: fc.array(body, { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("all" as const), values: fc.array(value, { minLength: 1, maxLength: 3 }) }),
);

const retry = createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 }, jitter: "NONE" });

async function runBody(context: DurableContext, item: Body, name: string): Promise<number> {
  switch (item.kind) {
    case "step":
      return context.step(name, async () => item.value);
    case "wait":
      await context.wait(`${name}-wait`, { seconds: item.seconds });
      return context.step(name, async () => item.value + 1);
    case "flaky":
      return context.step(
        name,
        async ({ attempt }) => {
          if (attempt === 1) throw new Error("transient");
          return item.value * 10;
        },
        { retryStrategy: retry },
      );
  }
}

function interpret(ops: Op[]) {
  return withDurableExecution(async (_event: unknown, context: DurableContext) => {
    const results: unknown[] = [];
    for (const [i, op] of ops.entries()) {
      const name = `op-${i}`;
      switch (op.kind) {
        case "step":
          results.push(await context.step(name, async () => op.value));
          break;
        case "wait":
          await context.wait(name, { seconds: op.seconds });
          results.push("waited");
          break;
        case "callback":
          results.push(await context.waitForCallback(name, async () => undefined, { timeout: { days: 1 } }));
          break;
        case "map": {
          const batch = await context.map(
            name,
            op.items,
            async (ctx, item, index) => runBody(ctx, item, `${name}.${index}`),
            {
              maxConcurrency: op.maxConcurrency,
              nesting: op.flat ? "FLAT" : "NESTED",
            },
          );
          results.push([batch.completionReason, batch.getResults()]);
          break;
        }
        case "parallel": {
          const batch = await context.parallel(
            name,
            op.branches.map(
              (branch, index) => async (ctx: DurableContext) => runBody(ctx, branch, `${name}.${index}`),
            ),
          );
          results.push(batch.getResults());
          break;
        }
        case "all":
          results.push(
            await context.promise.all(
              name,
              op.values.map((v, j) => context.step(`${name}.${j}`, async () => v)),
            ),
          );
          break;
      }
    }
    return results;
  });
}

/** What the workflow must return: computed from the ops alone, independent of the engine. */
function expected(ops: Op[]): unknown[] {
  const bodyValue = (item: Body): number =>
    item.kind === "step" ? item.value : item.kind === "wait" ? item.value + 1 : item.value * 10;
  return ops.map((op) => {
    switch (op.kind) {
      case "step":
        return op.value;
      case "wait":
        return "waited";
      case "callback":
        return "approved";
      case "map":
        return ["ALL_COMPLETED", op.items.map(bodyValue)];
      case "parallel":
        return op.branches.map(bodyValue);
      case "all":
        return op.values;
    }
    throw new Error(`no expected value for operation ${JSON.stringify(op)}`);
  });
}

async function execute(ops: Op[], fault?: CheckpointInterruption) {
  return runWithInterruption(interpret(ops), fault, (runner) => ({
    // External systems complete each callback as soon as it exists.
    onOperationUpdate: (operation: Operation): void => {
      if (operation.Type !== "CALLBACK" || operation.Status !== "STARTED") return;
      const CallbackId = operation.CallbackDetails?.CallbackId;
      if (CallbackId !== undefined)
        void runner.service
          .sendDurableExecutionCallbackSuccess({ CallbackId, Result: "approved" })
          .catch(() => undefined);
    },
  }));
}

describe("replay of concurrent workflows after an interruption at any checkpoint (property)", () => {
  it("gives the same result as an uninterrupted run for workflows mixing map, parallel, callbacks, waits and steps", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArbitrary, { minLength: 1, maxLength: 5 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.boolean(),
        async (ops, position, persist) => {
          const baseline = await execute(ops);
          expect(baseline.result.error).toBeUndefined();
          expect(baseline.result.status).toBe("SUCCEEDED");
          expect(baseline.result.result).toEqual(expected(ops));

          const afterCalls = Math.floor(position * baseline.checkpoints);
          const interrupted = await execute(ops, { afterCalls, persist });

          expect(interrupted.result.error).toBeUndefined();
          expect(interrupted.result.status).toBe("SUCCEEDED");
          expect(interrupted.result.result).toEqual(baseline.result.result);
          // Concurrent branches may batch their checkpoints differently from run to run, so the
          // interrupted run can finish in fewer requests than the baseline and never reach the fault.
          const interruptedInvocation = interrupted.result.invocations.some((i) => i.error !== undefined);
          expect(interruptedInvocation || interrupted.checkpoints <= afterCalls).toBe(true);
        },
      ),
      { numRuns: 50 },
    );
  }, 120_000);
});
