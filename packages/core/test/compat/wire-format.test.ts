import * as ours from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import {
  type Scenario as DifferentialScenario,
  type EngineName,
  runScenario,
  type Sdk,
} from "../support/differential.js";

type Handler = ours.DurableExecutionHandler;
type Scenario = ((sdk: Sdk) => Handler) | DifferentialScenario;

const retryTwice = (sdk: Sdk) =>
  sdk.createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 3 }, jitter: ours.JitterStrategy.NONE });

// Wire compatibility (an execution started by one engine can be resumed by the other): for the same handler, both engines send
// the same checkpoint requests — ids, parent ids, types, sub-types, actions, names, payloads, options —
// batched the same way.
const scenarios: Record<string, Scenario> = {
  "named and unnamed steps": () => async (_event, context) => {
    const a = await context.step("first", async () => ({ n: 1 }));
    const b = await context.step(async () => [a.n, 2]);
    return b;
  },
  "a wait between steps": () => async (_event, context) => {
    await context.step("before", async () => "x");
    await context.wait("pause", { minutes: 2 });
    await context.wait({ seconds: 30 });
    return context.step("after", async () => "y");
  },
  "a retried step": (sdk) => async (_event, context) =>
    context.step(
      "flaky",
      async ({ attempt }) => {
        if (attempt === 1) throw new TypeError("first attempt fails");
        return "ok";
      },
      { retryStrategy: retryTwice(sdk) },
    ),
  "a step that fails for good": (sdk) => async (_event, context) => {
    try {
      await context.step(
        "doomed",
        async () => {
          throw new RangeError("nope");
        },
        { retryStrategy: retryTwice(sdk) },
      );
    } catch {
      return "caught";
    }
  },
  "an at-most-once step": (sdk) => async (_event, context) =>
    context.step("charge", async () => 42, { semantics: sdk.StepSemantics.AtMostOncePerRetry }),
  "nested child contexts": () => async (_event, context) =>
    context.runInChildContext("outer", async (outer) => {
      const a = await outer.step("a", async () => 1);
      const inner = await outer.runInChildContext(
        async (child) => {
          await child.wait({ seconds: 5 });
          return child.step("b", async () => 2);
        },
        { subType: "CustomSubType" },
      );
      return a + inner;
    }),
  "a failing child context": () => async (_event, context) => {
    try {
      await context.runInChildContext("fails", async () => {
        throw new Error("child broke");
      });
    } catch (error) {
      return (error as Error).name;
    }
  },
  "a large child result rebuilt by replay": () => async (_event, context) => {
    const big = await context.runInChildContext("big", async (child) => {
      const part = await child.step("part", async () => "z".repeat(200 * 1024));
      return part + part;
    });
    await context.wait({ seconds: 1 });
    return big.length;
  },
  "waitForCondition polling with a wait strategy": (sdk) => async (_event, context) =>
    context.waitForCondition("poll", async (state: { n: number }) => ({ n: state.n + 1 }), {
      initialState: { n: 0 },
      waitStrategy: sdk.createWaitStrategy({
        shouldContinuePolling: (state) => state.n < 3,
        initialDelay: { seconds: 4 },
        jitter: ours.JitterStrategy.NONE,
      }),
    }),
  "a waitForCondition check that throws": () => async (_event, context) => {
    try {
      await context.waitForCondition(
        async () => {
          throw new TypeError("no status");
        },
        { initialState: 1, waitStrategy: () => ({ shouldContinue: false }) },
      );
    } catch (error) {
      return (error as Error).name;
    }
  },
  "createCallback completed with a result and with a failure": {
    handler: () => async (_event, context) => {
      const [ok] = await context.createCallback("ok", {
        timeout: { minutes: 10 },
        heartbeatTimeout: { seconds: 30 },
      });
      const [refused] = await context.createCallback();
      const results: unknown[] = [await ok];
      try {
        await refused;
      } catch (error) {
        results.push((error as Error).name, (error as Error).message);
      }
      return results;
    },
    environment: {
      callbacks: (operation) =>
        operation.Name === "ok"
          ? { success: '{"approved":true}' }
          : { failure: { ErrorType: "Refused", ErrorMessage: "no", ErrorData: "d" } },
    },
  },
  "a callback that times out": () => async (_event, context) => {
    const [late] = await context.createCallback("late", { timeout: { seconds: 20 } });
    try {
      return await late;
    } catch (error) {
      return (error as Error).name;
    }
  },
  "waitForCallback with a submitter": {
    handler: () => async (_event, context) => {
      const raw = await context.waitForCallback("approval", async () => {}, { timeout: { hours: 1 } });
      return raw;
    },
    environment: { callbacks: () => ({ success: '{"ok":true}' }) },
  },
  "waitForCallback with a failing submitter": () => async (_event, context) => {
    try {
      await context.waitForCallback(
        async () => {
          throw new Error("cannot submit");
        },
        { retryStrategy: () => ({ shouldRetry: false }) },
      );
    } catch (error) {
      return (error as Error).name;
    }
  },
  "invokes: plain, failing, with a tenant": {
    handler: () => async (_event, context) => {
      const a = await context.invoke("double", "doubler", { n: 2 });
      const b = await context.invoke("echo", "echo", { word: "hello" }, { tenantId: "acme" });
      let failed: string | undefined;
      try {
        await context.invoke("broken", "breaker");
      } catch (error) {
        failed = `${(error as Error).name}: ${(error as Error).message}`;
      }
      return [a, b, failed];
    },
    environment: {
      functions: {
        doubler: async (event) => (event as { n: number }).n * 2,
        echo: async (event) => event,
        breaker: async () => {
          throw new RangeError("broken on purpose");
        },
      },
    },
  },
  "a map with maxConcurrency": () => async (_event, context) => {
    const result = await context.map(
      "double",
      [1, 2, 3, 4, 5],
      async (ctx, item) => ctx.step(async () => item * 2),
      {
        maxConcurrency: 2,
      },
    );
    return [result.getResults(), result.completionReason, result.status];
  },
  "a map with named items and a failing item (fail-fast)": () => async (_event, context) => {
    const result = await context.map(
      ["a", "b", "c"],
      async (ctx, item) => {
        if (item === "b") throw new TypeError(`bad item ${item}`);
        // Still running when the batch completes: reported STARTED, its late writes dropped.
        return ctx.step(async () => {
          await new Promise((resolve) => setTimeout(resolve, 20));
          return item.toUpperCase();
        });
      },
      { itemNamer: (item) => `item-${item}` },
    );
    return [
      result.completionReason,
      result.all.map((item) => item.status),
      result.getErrors().map((e) => e.message),
    ];
  },
  "a map tolerating failures": () => async (_event, context) => {
    const result = await context.map(
      [1, 2, 3, 4],
      async (ctx, item) =>
        ctx.step(
          async () => {
            if (item % 2 === 0) throw new RangeError(`even ${item}`);
            return item;
          },
          { retryStrategy: () => ({ shouldRetry: false }) },
        ),
      { completionConfig: { toleratedFailureCount: 2 } },
    );
    return [result.completionReason, result.status, result.successCount, result.failureCount];
  },
  "a map with waits in items": () => async (_event, context) => {
    const result = await context.map("waiting", [1, 2], async (ctx, item) => {
      await ctx.wait({ seconds: item * 10 });
      return ctx.step(async () => item);
    });
    return result.getResults();
  },
  "a flat map": () => async (_event, context) => {
    const result = await context.map("flat", ["x", "y"], async (ctx, item) => ctx.step(async () => item), {
      nesting: "FLAT",
    });
    return result.getResults();
  },
  "a map with a custom completion": (sdk) => async (_event, context) => {
    const result = await context.map([1, 2, 3, 4], async (ctx, item) => ctx.step(async () => item), {
      maxConcurrency: 1,
      completionConfig: {
        shouldComplete: (status) => (status.successCount >= 2 ? sdk.completeBatch() : sdk.continueBatch()),
      },
    });
    return [result.completionReason, result.totalCount];
  },
  "a large map result rebuilt by replay": () => async (_event, context) => {
    const result = await context.map(
      "large",
      [1, 2, 3],
      async (ctx) => ctx.step(async () => "x".repeat(100 * 1024)),
      {
        summaryGenerator: (batch) => `${batch.successCount} items`,
      },
    );
    await context.wait({ seconds: 1 });
    return result.getResults().map((value) => value.length);
  },
  "a parallel with named branches": () => async (_event, context) => {
    const result = await context.parallel("fan-out", [
      async (ctx) => ctx.step("a", async () => 1),
      { name: "second", func: async (ctx) => ctx.step("b", async () => 2) },
      { func: async (ctx) => ctx.runInChildContext("inner", async (inner) => inner.step(async () => 3)) },
    ]);
    return result.getResults();
  },
  "a parallel completing at minSuccessful": () => async (_event, context) => {
    const result = await context.parallel(
      "race",
      [
        async (ctx) => ctx.step("fast", async () => "fast"),
        async (ctx) => {
          await ctx.wait({ seconds: 30 });
          return ctx.step("slow", async () => "slow");
        },
      ],
      { completionConfig: { minSuccessful: 1 } },
    );
    await context.step("after", async () => "done");
    return [result.completionReason, result.all.map((item) => item.status)];
  },
  "promise combinators": () => async (_event, context) => {
    const a = context.step("a", async () => 1);
    const b = context.step("b", async () => 2);
    const all = await context.promise.all("both", [a, b]);
    const settled = await context.promise.allSettled([context.step(async () => 3)]);
    const any = await context.promise.any([context.step(async () => 4)]);
    const race = await context.promise.race("first", [
      context.step(async () => 5),
      context.step(async () => 6),
    ]);
    return [all, settled, any, race];
  },
  "a failing promise.all": () => async (_event, context) => {
    try {
      await context.promise.all([
        context.step("ok", async () => 1),
        context.step(
          "bad",
          async () => {
            await new Promise((resolve) => setTimeout(resolve, 5));
            throw new Error("nope");
          },
          { retryStrategy: () => ({ shouldRetry: false }) },
        ),
      ]);
    } catch (error) {
      return [(error as Error).name, (error as Error).message];
    }
  },
  "withRetry around a block": (sdk) => async (_event, context) =>
    sdk.withRetry(
      context,
      "block",
      async (ctx, attempt) => {
        const value = await ctx.step(async () => attempt);
        if (value < 2) throw new Error("again");
        return value;
      },
      { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 2 } }) },
    ),
};

function capture(engine: EngineName, scenario: Scenario) {
  return runScenario(typeof scenario === "function" ? { handler: scenario } : scenario, () => engine);
}

describe("checkpoint requests match @aws/durable-execution-sdk-js", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`for ${name}`, async () => {
      const theirs = await capture("official", scenario);
      const mine = await capture("ours", scenario);

      expect(mine.requests).toEqual(theirs.requests);
      expect(mine.invocations).toEqual(theirs.invocations);
      expect(mine.status).toBe(theirs.status);
      if (!name.includes("fail")) expect(mine.status).toBe("SUCCEEDED");
      expect(mine.rawResult).toBe(theirs.rawResult);
    });
  }
});
