import { describe, expect, it } from "vitest";
import { compareCaptures } from "../fuzz/compare.js";
import { type EngineName, runScenario, type Scenario } from "../support/differential.js";

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const retryOnce = {
  retryStrategy: (_error: Error, attempt: number) => ({ shouldRetry: attempt < 2, delay: { seconds: 5 } }),
};

/**
 * One workflow per operation type, each ending invocations more than once (waits, retries,
 * callbacks, polls), so that alternating engines hand each other a live execution.
 */
const workflows: Record<string, Scenario> = {
  step: {
    handler: () => async (_event, context) => {
      const first = await context.step("first", async () => ({ n: 1 }));
      const flaky = await context.step(
        "flaky",
        async ({ attempt }) => {
          if (attempt === 1) throw new TypeError("first attempt fails");
          return attempt;
        },
        retryOnce,
      );
      return [first, flaky];
    },
  },
  wait: {
    handler: () => async (_event, context) => {
      await context.wait("one", { seconds: 10 });
      const middle = await context.step("middle", async () => "m");
      await context.wait({ minutes: 1 });
      return middle;
    },
  },
  "child context": {
    handler: () => async (_event, context) =>
      context.runInChildContext("outer", async (child) => {
        const a = await child.step("a", async () => 1);
        await child.wait("pause", { seconds: 5 });
        return child.runInChildContext("inner", async (inner) => a + (await inner.step("b", async () => 2)));
      }),
  },
  map: {
    handler: () => async (_event, context) => {
      const result = await context.map(
        "items",
        [1, 2, 3],
        async (ctx, item) => {
          await ctx.wait({ seconds: item });
          return ctx.step(async () => {
            if (item === 2) throw new RangeError("two");
            return item * 10;
          }, noRetry);
        },
        { maxConcurrency: 2, completionConfig: { toleratedFailureCount: 1 } },
      );
      return [result.completionReason, result.all];
    },
  },
  parallel: {
    handler: () => async (_event, context) => {
      const result = await context.parallel("branches", [
        async (ctx) => ctx.step("x", async () => "x"),
        async (ctx) => {
          await ctx.wait({ seconds: 30 });
          return ctx.step("y", async () => "y");
        },
      ]);
      return result.getResults();
    },
  },
  "promise combinators": {
    handler: () => async (_event, context) => {
      const all = await context.promise.all("all", [
        context.step(async () => 1),
        context.step(async () => 2),
      ]);
      await context.wait({ seconds: 3 });
      const settled = await context.promise.allSettled("settled", [
        context.step(async () => {
          throw new Error("no");
        }, noRetry),
      ]);
      return [all, settled];
    },
  },
  waitForCondition: {
    handler: () => async (_event, context) =>
      context.waitForCondition("poll", async (state: number) => state + 1, {
        initialState: 0,
        waitStrategy: (state: number) =>
          state < 3 ? { shouldContinue: true, delay: { seconds: 7 } } : { shouldContinue: false },
      }),
  },
  callbacks: {
    handler: () => async (_event, context) => {
      const [approval] = await context.createCallback("approval", { timeout: { hours: 1 } });
      const answer = await approval;
      const again = await context.waitForCallback("second", async () => {}, { timeout: { hours: 1 } });
      return [answer, again];
    },
    environment: {
      callbacks: (operation, parent) => ({ success: JSON.stringify(parent?.Name ?? operation.Name) }),
    },
  },
  invoke: {
    handler: () => async (_event, context) => {
      const doubled = await context.invoke("double", "doubler", { n: 21 });
      await context.wait({ seconds: 2 });
      return doubled;
    },
    environment: { functions: { doubler: async (event) => (event as { n: number }).n * 2 } },
  },
};

const alone = (engine: EngineName) => () => engine;
const alternating = (odd: EngineName, even: EngineName) => (invocation: number) =>
  invocation % 2 === 0 ? odd : even;

describe("an execution whose invocations alternate between the official engine and ours", () => {
  for (const [name, scenario] of Object.entries(workflows)) {
    it(`ends with the same history as one engine alone, for ${name}`, async () => {
      const official = await runScenario(scenario, alone("official"));
      const ours = await runScenario(scenario, alone("ours"));
      const officialFirst = await runScenario(scenario, alternating("official", "ours"));
      const oursFirst = await runScenario(scenario, alternating("ours", "official"));

      expect(official.status).toBe("SUCCEEDED");
      expect(official.invocations.length).toBeGreaterThan(1);
      // Field by field: outcome, invocations, every operation and each operation's updates in order.
      expect(compareCaptures(official, ours)).toEqual([]);
      expect(compareCaptures(official, officialFirst)).toEqual([]);
      expect(compareCaptures(official, oursFirst)).toEqual([]);
    });
  }
});
