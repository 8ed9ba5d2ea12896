import type { DurableContext, StepConfig } from "@durable-lambda/core";
import { createRetryStrategy, StepSemantics, withDurableExecution } from "@durable-lambda/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CheckpointInterruption, runWithInterruption } from "../support/harness.js";

/** One operation of a generated sequential workflow. */
type Op =
  | { kind: "step"; value: number }
  | { kind: "flaky"; value: number }
  | { kind: "atMostOnce"; value: number }
  | { kind: "deferred"; value: number }
  | { kind: "wait"; seconds: number }
  | { kind: "child"; values: number[] };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("step" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("flaky" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("atMostOnce" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("deferred" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 86_400 }) }),
  fc.record({
    kind: fc.constant("child" as const),
    values: fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 1, maxLength: 3 }),
  }),
);

const retry = createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 1 }, jitter: "NONE" });

/** Runs of each step function, keyed by "<name>#<attempt>". */
type RunLog = Map<string, number>;

function interpret(ops: Op[], runs: RunLog, deferredCheckpoints: boolean) {
  /** A step whose every run is counted in `runs` under "<name>#<attempt>". */
  const counted = (
    context: DurableContext,
    name: string,
    compute: (attempt: number) => number,
    config?: StepConfig<number>,
  ) =>
    context.step(
      name,
      async ({ attempt }) => {
        const key = `${name}#${attempt}`;
        runs.set(key, (runs.get(key) ?? 0) + 1);
        return compute(attempt);
      },
      config,
    );
  return withDurableExecution(
    async (_event: unknown, context: DurableContext) => {
      const results: unknown[] = [];
      for (const [i, op] of ops.entries()) {
        const name = `op-${i}`;
        switch (op.kind) {
          case "step":
            results.push(await counted(context, name, () => op.value));
            break;
          case "flaky":
            results.push(
              await counted(
                context,
                name,
                (attempt) => {
                  if (attempt === 1) throw new Error("transient failure");
                  return op.value * attempt;
                },
                { retryStrategy: retry },
              ),
            );
            break;
          case "atMostOnce":
            results.push(
              await counted(context, name, () => op.value, {
                semantics: StepSemantics.AtMostOncePerRetry,
                retryStrategy: retry,
              }),
            );
            break;
          case "deferred":
            results.push(await counted(context, name, () => op.value, { deferCheckpoint: true }));
            break;
          case "wait":
            await context.wait(name, { seconds: op.seconds });
            results.push("waited");
            break;
          case "child":
            results.push(
              await context.runInChildContext(name, async (child) => {
                const inner: number[] = [];
                for (const [j, value] of op.values.entries()) {
                  inner.push(await counted(child, `${name}.${j}`, () => value));
                }
                return inner;
              }),
            );
            break;
        }
      }
      return results;
    },
    { deferredCheckpoints },
  );
}

async function execute(ops: Op[], fault?: CheckpointInterruption, deferredCheckpoints = false) {
  const runs: RunLog = new Map();
  return { ...(await runWithInterruption(interpret(ops, runs, deferredCheckpoints), fault)), runs };
}

/** The index of the op a run-log key ("op-3#1", "op-3.0#2") or step name ("op-3.0") belongs to. */
function opIndex(key: string): number {
  return Number(/^op-(\d+)/.exec(key)?.[1]);
}

/** Runs of each step function over all its attempts, keyed by step name ("op-3", "op-3.0"). */
function runsPerStep(runs: RunLog): Map<string, number> {
  const total = new Map<string, number>();
  for (const [key, count] of runs) {
    const step = key.slice(0, key.indexOf("#"));
    total.set(step, (total.get(step) ?? 0) + count);
  }
  return total;
}

describe("replay after an interruption at any checkpoint (property)", () => {
  it("gives the same result as an uninterrupted run, and never runs an at-most-once attempt twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArbitrary, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.boolean(),
        async (ops, position, persist) => {
          const baseline = await execute(ops);
          expect(baseline.result.status).toBe("SUCCEEDED");

          const afterCalls = Math.floor(position * baseline.checkpoints);
          const interrupted = await execute(ops, { afterCalls, persist });

          expect(interrupted.result.status).toBe("SUCCEEDED");
          expect(interrupted.result.result).toEqual(baseline.result.result);
          expect(interrupted.result.invocations.some((i) => i.error !== undefined)).toBe(true);
          for (const [key, count] of interrupted.runs) {
            if (ops[opIndex(key)]?.kind === "atMostOnce") expect(count, key).toBe(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe("replay with deferred checkpoints after an interruption at any checkpoint (property)", () => {
  it("completes with the fault-free result, re-runs a deferred step at most once per crash, never an at-most-once attempt", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(opArbitrary, { minLength: 1, maxLength: 8 }),
        fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
        fc.boolean(),
        fc.boolean(),
        async (ops, position, persist, wholeExecution) => {
          const baseline = await execute(ops, undefined, wholeExecution);
          expect(baseline.result.status).toBe("SUCCEEDED");
          for (const [step, count] of runsPerStep(baseline.runs)) {
            const kind = ops[opIndex(step)]?.kind;
            if (kind !== "flaky") expect(count, step).toBe(1);
          }

          const afterCalls = Math.floor(position * baseline.checkpoints);
          const interrupted = await execute(ops, { afterCalls, persist }, wholeExecution);

          expect(interrupted.result.status).toBe("SUCCEEDED");
          expect(interrupted.result.result).toEqual(baseline.result.result);
          const crashes = interrupted.result.invocations.filter((i) => i.error !== undefined).length;
          expect(crashes).toBe(1);
          for (const [key, count] of interrupted.runs) {
            if (ops[opIndex(key)]?.kind === "atMostOnce") expect(count, key).toBe(1);
          }
          for (const [step, count] of runsPerStep(interrupted.runs)) {
            const kind = ops[opIndex(step)]?.kind;
            if (kind === "deferred" || (wholeExecution && kind !== "flaky")) {
              expect(count, step).toBeLessThanOrEqual(1 + crashes);
            }
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
