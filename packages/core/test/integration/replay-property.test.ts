import type { DurableContext } from "@durable-lambda/core";
import { createRetryStrategy, StepSemantics, withDurableExecution } from "@durable-lambda/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type CheckpointInterruption, runWithInterruption } from "../support/harness.js";

/** One operation of a generated sequential workflow. */
type Op =
  | { kind: "step"; value: number }
  | { kind: "flaky"; value: number }
  | { kind: "atMostOnce"; value: number }
  | { kind: "wait"; seconds: number }
  | { kind: "child"; values: number[] };

const opArbitrary: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ kind: fc.constant("step" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("flaky" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("atMostOnce" as const), value: fc.integer({ min: -100, max: 100 }) }),
  fc.record({ kind: fc.constant("wait" as const), seconds: fc.integer({ min: 1, max: 86_400 }) }),
  fc.record({
    kind: fc.constant("child" as const),
    values: fc.array(fc.integer({ min: -100, max: 100 }), { minLength: 1, maxLength: 3 }),
  }),
);

const retry = createRetryStrategy({ maxAttempts: 5, initialDelay: { seconds: 1 }, jitter: "NONE" });

/** Runs of each step function, keyed by "<name>#<attempt>". */
type RunLog = Map<string, number>;

function interpret(ops: Op[], runs: RunLog) {
  const record = (key: string) => runs.set(key, (runs.get(key) ?? 0) + 1);
  return withDurableExecution(async (_event: unknown, context: DurableContext) => {
    const results: unknown[] = [];
    for (const [i, op] of ops.entries()) {
      const name = `op-${i}`;
      switch (op.kind) {
        case "step":
          results.push(
            await context.step(name, async ({ attempt }) => {
              record(`${name}#${attempt}`);
              return op.value;
            }),
          );
          break;
        case "flaky":
          results.push(
            await context.step(
              name,
              async ({ attempt }) => {
                record(`${name}#${attempt}`);
                if (attempt === 1) throw new Error("transient failure");
                return op.value * attempt;
              },
              { retryStrategy: retry },
            ),
          );
          break;
        case "atMostOnce":
          results.push(
            await context.step(
              name,
              async ({ attempt }) => {
                record(`${name}#${attempt}`);
                return op.value;
              },
              { semantics: StepSemantics.AtMostOncePerRetry, retryStrategy: retry },
            ),
          );
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
                inner.push(
                  await child.step(`${name}.${j}`, async ({ attempt }) => {
                    record(`${name}.${j}#${attempt}`);
                    return value;
                  }),
                );
              }
              return inner;
            }),
          );
          break;
      }
    }
    return results;
  });
}

async function execute(ops: Op[], fault?: CheckpointInterruption) {
  const runs: RunLog = new Map();
  return { ...(await runWithInterruption(interpret(ops, runs), fault)), runs };
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
            const index = Number(key.slice(3, key.indexOf(key.includes(".") ? "." : "#")));
            if (ops[index]?.kind === "atMostOnce") expect(count, key).toBe(1);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
