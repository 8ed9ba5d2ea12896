import { LambdaClient } from "@aws-sdk/client-lambda";
import {
  BatchCompletionError,
  BatchItemStatus,
  type BatchResult,
  ChildContextError,
  CompletionOutcome,
  type CompletionStatus,
  completeBatch,
  continueBatch,
  DurableConfigurationError,
  NestingType,
  PromiseCombinatorError,
  type Serdes,
  StepError,
  withDurableExecution,
  withRetry,
} from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { checkpointRequests, runLocally } from "../support/harness.js";

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("context.map", () => {
  it("maps 1,000 items with maxConcurrency 10: results in order, never more than 10 running", async () => {
    let running = 0;
    let peak = 0;
    const items = Array.from({ length: 1000 }, (_, index) => index);
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(
        "square",
        items,
        async (ctx, item) =>
          ctx.step(async () => {
            running++;
            peak = Math.max(peak, running);
            await sleep(item % 3);
            running--;
            return item * item;
          }),
        { maxConcurrency: 10 },
      );
      return { results: result.getResults(), reason: result.completionReason, total: result.totalCount };
    });
    const { result, service } = await runLocally<{ results: number[]; reason: string; total: number }>(
      handler,
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result?.results).toEqual(items.map((item) => item * item));
    expect(result.result?.reason).toBe("ALL_COMPLETED");
    expect(result.result?.total).toBe(1000);
    expect(peak).toBe(10);
    const iterations = result
      .getOperations({ type: "CONTEXT" })
      .filter((op) => op.SubType === "MapIteration");
    expect(iterations).toHaveLength(1000);
    expect(iterations.every((op) => op.Status === "SUCCEEDED")).toBe(true);
    // Batched: far fewer requests than the 4,002 updates.
    expect(checkpointRequests(service).length).toBeLessThan(1100);
  });

  it("returns a BatchResult with the whole API and fails fast by default", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(["a", "b", "c"], async (ctx, item) => {
        if (item === "b") throw new TypeError("b is bad");
        return ctx.step(async () => {
          await sleep(20);
          return item.toUpperCase();
        });
      });
      let thrown: unknown;
      try {
        result.throwIfError();
      } catch (error) {
        thrown = error;
      }
      return {
        status: result.status,
        reason: result.completionReason,
        hasFailure: result.hasFailure,
        statuses: result.all.map((item) => [item.index, item.status]),
        counts: [result.successCount, result.failureCount, result.startedCount, result.totalCount],
        succeeded: result.succeeded().length,
        failed: result.failed().map((item) => item.index),
        started: result.started().map((item) => item.index),
        results: result.getResults(),
        errors: result
          .getErrors()
          .map((error) => [
            error.name,
            error.message,
            error.cause?.name,
            (error.cause?.cause as Error | undefined)?.name,
          ]),
        thrownIsChildContextError: thrown instanceof ChildContextError,
      };
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual({
      status: "FAILED",
      reason: "FAILURE_TOLERANCE_EXCEEDED",
      hasFailure: true,
      statuses: [
        [0, "STARTED"],
        [1, "FAILED"],
        [2, "STARTED"],
      ],
      counts: [0, 1, 2, 3],
      succeeded: 0,
      failed: [1],
      started: [0, 2],
      results: [],
      errors: [["ChildContextError", "b is bad", "StepError", "TypeError"]],
      thrownIsChildContextError: true,
    });
    // The items still running when the batch completed never wrote their results.
    const stepsOfStartedItems = result.getOperations({ type: "STEP" });
    expect(stepsOfStartedItems.every((op) => op.Status === "STARTED")).toBe(true);
  });

  it("stops early at minSuccessful, reporting the items still running as STARTED", async () => {
    let slowFinished = false;
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(
        [10, 200, 300],
        async (ctx, delay) =>
          ctx.step(async () => {
            await sleep(delay);
            if (delay > 10) slowFinished = true;
            return delay;
          }),
        { completionConfig: { minSuccessful: 1 } },
      );
      return [
        result.completionReason,
        result.status,
        result.all.map((item) => item.status),
        result.getResults(),
      ];
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual([
      "MIN_SUCCESSFUL_REACHED",
      "SUCCEEDED",
      ["SUCCEEDED", "STARTED", "STARTED"],
      [10],
    ]);
    expect(slowFinished).toBe(false);
  });

  it("tolerates failures by count and by percentage", async () => {
    const run = (completionConfig: object) =>
      runLocally(
        withDurableExecution(async (_event, context) => {
          const result = await context.map(
            [1, 2, 3, 4, 5, 6, 7, 8],
            async (ctx, item) =>
              ctx.step(async () => {
                await sleep(item);
                if (item % 4 === 0) throw new Error(`fail ${item}`);
                return item;
              }, noRetry),
            { maxConcurrency: 1, completionConfig },
          );
          return [result.completionReason, result.successCount, result.failureCount, result.totalCount];
        }),
      );
    expect((await run({ toleratedFailureCount: 2 })).result.result).toEqual(["ALL_COMPLETED", 6, 2, 8]);
    expect((await run({ toleratedFailureCount: 0 })).result.result).toEqual([
      "FAILURE_TOLERANCE_EXCEEDED",
      3,
      1,
      4,
    ]);
    expect((await run({ toleratedFailurePercentage: 25 })).result.result).toEqual(["ALL_COMPLETED", 6, 2, 8]);
    expect((await run({ toleratedFailurePercentage: 20 })).result.result).toEqual([
      "FAILURE_TOLERANCE_EXCEEDED",
      6,
      2,
      8,
    ]);
    expect((await run({ toleratedFailurePercentage: 10 })).result.result).toEqual([
      "FAILURE_TOLERANCE_EXCEEDED",
      3,
      1,
      4,
    ]);
  });

  it("completes by a custom rule: called first, then after each item; completeBatch(FAILED) fails the batch", async () => {
    const seen: CompletionStatus[] = [];
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(
        ["x", "y", "z", "w"],
        async (ctx, item) => ctx.step(async () => item),
        {
          maxConcurrency: 1,
          itemNamer: (item, index) => `${item}-${index}`,
          completionConfig: {
            shouldComplete: (status) => {
              seen.push(structuredClone(status));
              return status.successCount >= 2 ? completeBatch(CompletionOutcome.FAILED) : continueBatch();
            },
          },
        },
      );
      let thrown: unknown;
      try {
        result.throwIfError();
      } catch (error) {
        thrown = error;
      }
      return [
        result.completionReason,
        result.status,
        result.totalCount,
        thrown instanceof BatchCompletionError,
      ];
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual(["CUSTOM_COMPLETION_FAILED", "FAILED", 2, true]);
    expect(seen[0]).toEqual({
      successCount: 0,
      failureCount: 0,
      completedCount: 0,
      totalCount: 4,
      items: [
        { index: 0, name: "x-0" },
        { index: 1, name: "y-1" },
        { index: 2, name: "z-2" },
        { index: 3, name: "w-3" },
      ],
    });
    expect(seen.at(-1)?.items.map((item) => item.status)).toEqual([
      "SUCCEEDED",
      "SUCCEEDED",
      undefined,
      undefined,
    ]);
    expect(result.getOperation("x-0")).toMatchObject({ SubType: "MapIteration", Status: "SUCCEEDED" });
  });

  it("keeps other items running while one waits, across invocations", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map("mixed", ["wait", "work"], async (ctx, item) => {
        if (item === "wait") {
          await ctx.wait("pause", { minutes: 10 });
          return ctx.step("after-wait", async () => "waited");
        }
        const a = await ctx.step("one", async () => {
          await sleep(5);
          return 1;
        });
        return ctx.step("two", async () => `worked ${a + 1}`);
      });
      return result.getResults();
    });
    const { result } = await runLocally(handler);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual(["waited", "worked 2"]);
    expect(result.invocations.map((invocation) => invocation.output?.Status)).toEqual([
      "PENDING",
      "SUCCEEDED",
    ]);
    // The working item finished in the first invocation.
    const two = result.getOperation("two");
    const pause = result.getOperation("pause");
    expect(two?.EndTimestamp?.getTime()).toBeLessThan(pause?.EndTimestamp?.getTime() ?? 0);
  });

  it("stores a result over 256 KiB as a summary and rebuilds it by replay", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(
        "large",
        [0, 1, 2, 3],
        async (ctx, item) => ctx.step(async () => `${item}`.repeat(90 * 1024)),
        {
          summaryGenerator: (batch) => `${batch.successCount} large items`,
        },
      );
      await context.wait({ seconds: 5 });
      return result.getResults().map((value) => [value[0], value.length]);
    });
    const { result } = await runLocally(handler);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual([0, 1, 2, 3].map((item) => [`${item}`, 90 * 1024]));
    const stored = result.getOperation("large");
    expect(stored?.ContextDetails?.ReplayChildren).toBe(true);
    expect(JSON.parse(stored?.ContextDetails?.Result ?? "{}")).toEqual({
      type: "MapResult",
      totalCount: 4,
      successCount: 4,
      failureCount: 0,
      completionReason: "ALL_COMPLETED",
      status: "SUCCEEDED",
      itemStatuses: "SSSS",
      summary: "4 large items",
    });
  });

  it("rebuilds an early-completed large batch with its recorded statuses", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(
        "large-early",
        [0, 1, 2],
        async (ctx, item) => {
          if (item === 1) throw new Error("one fails");
          return ctx.step(async () => {
            await sleep(item === 0 ? 1 : 50);
            return "y".repeat(300 * 1024);
          });
        },
        { completionConfig: { toleratedFailureCount: 1, minSuccessful: 1 } },
      );
      await context.wait({ seconds: 5 });
      return [
        result.completionReason,
        result.all.map((item) => item.status),
        result.getErrors().map((error) => error.message),
      ];
    });
    const { result } = await runLocally(handler);
    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(2);
    const stored = JSON.parse(result.getOperation("large-early")?.ContextDetails?.Result ?? "{}");
    expect(stored).toMatchObject({ itemStatuses: "SF-", completionReason: "MIN_SUCCESSFUL_REACHED" });
    // The second invocation rebuilt the same result from the items' checkpoints.
    expect(result.result).toEqual([
      "MIN_SUCCESSFUL_REACHED",
      ["SUCCEEDED", "FAILED", "STARTED"],
      ["one fails"],
    ]);
  });

  it("uses itemSerdes for items and serdes for the whole batch", async () => {
    const calls: string[] = [];
    const moneySerdes: Serdes<{ cents: number }> = {
      serialize: async (value) => (value === undefined ? undefined : `cents:${value.cents}`),
      deserialize: async (data) =>
        data === undefined ? undefined : { cents: Number(data.slice("cents:".length)) },
    };
    const batchSerdes: Serdes<BatchResult<number>> = {
      serialize: async (value) => {
        calls.push("batch");
        return JSON.stringify({ count: value?.totalCount });
      },
      deserialize: async (data) => {
        calls.push(`batch-read ${data}`);
        return { restored: JSON.parse(data ?? "{}") } as unknown as BatchResult<number>;
      },
    };
    const handler = withDurableExecution(async (_event, context) => {
      const items = await context.map("money", [1, 2], async (_ctx, cents) => ({ cents }), {
        itemSerdes: moneySerdes,
      });
      const custom = await context.map([1], async () => 7, { serdes: batchSerdes });
      return [items.getResults(), custom];
    });
    const { result } = await runLocally(handler);
    expect(result.error).toBeUndefined();
    expect(result.result).toEqual([[{ cents: 1 }, { cents: 2 }], { restored: { count: 1 } }]);
    expect(result.getOperation("map-item-1")?.ContextDetails?.Result).toBe("cents:2");
    expect(calls).toEqual(["batch", 'batch-read {"count":1}']);
  });

  it("FLAT nesting checkpoints no item contexts; the items' operations hang off the map", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map(
        "flat",
        [1, 2, 3],
        async (ctx, item) => ctx.step(`s${item}`, async () => item),
        {
          nesting: NestingType.FLAT,
        },
      );
      await context.wait({ seconds: 1 });
      return result.getResults();
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual([1, 2, 3]);
    const map = result.getOperation("flat");
    expect(result.getOperations({ type: "CONTEXT" })).toHaveLength(1);
    expect(result.getOperations({ type: "STEP" }).map((op) => op.ParentId)).toEqual([
      map?.Id,
      map?.Id,
      map?.Id,
    ]);
  });

  it("replays a finished map without running items again", async () => {
    let runs = 0;
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.map([1, 2], async (ctx, item) => {
        runs++;
        return ctx.step(async () => item);
      });
      await context.wait({ seconds: 1 });
      return result.getResults();
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual([1, 2]);
    expect(runs).toBe(2);
  });

  it("rejects bad arguments with a clear error, checkpointing nothing", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const errors: string[] = [];
      const attempts: Array<() => PromiseLike<unknown>> = [
        () => context.map("x", "nope" as never, async () => 1),
        () => context.map([1], "nope" as never),
        () => context.map([1], async () => 1, { maxConcurrency: 0 }),
        () =>
          context.map([1], async () => 1, {
            completionConfig: { minSuccessful: 1, shouldComplete: () => continueBatch() } as never,
          }),
        () => context.map([1], async () => 1, { completionConfig: { toleratedFailurePercentage: 150 } }),
        () => context.parallel([async () => 1, 42 as never]),
        () => context.promise.all("x", "nope" as never),
      ];
      for (const attempt of attempts) {
        try {
          await attempt();
        } catch (error) {
          errors.push(`${(error as Error).name}: ${(error as Error).message.split(". ")[0]}`);
          if (!(error instanceof DurableConfigurationError)) throw error;
        }
      }
      return errors;
    });
    const { result, service } = await runLocally(handler);
    expect(result.result).toEqual([
      'DurableConfigurationError: context.map() needs an array of items, but got string "nope"',
      'DurableConfigurationError: context.map() needs a function to run for each item, but got string "nope"',
      "DurableConfigurationError: context.map() needs maxConcurrency to be a whole number of at least 1, but got 0",
      "DurableConfigurationError: context.map() got both shouldComplete and minSuccessful in completionConfig",
      "DurableConfigurationError: context.map() needs completionConfig.toleratedFailurePercentage between 0 and 100, but got 150.",
      "DurableConfigurationError: context.parallel() branch 1 must be a function or { name, func }, but got number 42.",
      'DurableConfigurationError: context.promise.all() needs an array of durable promises, but got string "nope"',
    ]);
    expect(checkpointRequests(service).flat()).toEqual([]);
  });

  it("runs over HTTP with the real AWS SDK client", async () => {
    const runner = new LocalDurableRunner({
      handler: async (event, context) => handlerRef.current(event, context),
      transport: "http",
    });
    await runner.start();
    const client = new LambdaClient({
      endpoint: runner.endpoint,
      region: "us-east-1",
      credentials: { accessKeyId: "local", secretAccessKey: "local" },
      maxAttempts: 1,
    });
    const handlerRef = {
      current: withDurableExecution(
        async (_event, context) => {
          const result = await context.map(
            "http-map",
            [1, 2, 3],
            async (ctx, item) => {
              await ctx.wait({ seconds: item });
              return ctx.step(async () => item * 10);
            },
            { maxConcurrency: 2 },
          );
          return result.getResults();
        },
        { client },
      ),
    };
    try {
      const result = await runner.run();
      expect(result.error).toBeUndefined();
      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toEqual([10, 20, 30]);
      expect(result.invocations.length).toBeGreaterThan(1);
    } finally {
      await runner.close();
    }
  });
});

describe("context.parallel", () => {
  it("runs named and unnamed branches and returns results in branch order", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.parallel("fan-out", [
        async (ctx) =>
          ctx.step("a", async () => {
            await sleep(15);
            return "a";
          }),
        { name: "second", func: async (ctx) => ctx.step("b", async () => "b") },
        { func: async (ctx) => ctx.wait({ seconds: 3 }).then(() => "c") },
      ]);
      return result.getResults();
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual(["a", "b", "c"]);
    expect(result.getOperation("second")).toMatchObject({ SubType: "ParallelBranch" });
    expect(result.getOperation("parallel-branch-0")).toMatchObject({ SubType: "ParallelBranch" });
    expect(result.getOperation("fan-out")).toMatchObject({ SubType: "Parallel", Status: "SUCCEEDED" });
  });

  it("types the result of heterogeneous branches and reports a failed branch", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.parallel(
        [
          async () => 1,
          async () => {
            throw new RangeError("branch broke");
          },
        ],
        { completionConfig: { toleratedFailureCount: 1 } },
      );
      return [result.status, result.getResults(), result.getErrors().map((error) => error.message)];
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual(["FAILED", [1], ["branch broke"]]);
  });

  it("nests a map inside a parallel branch", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const result = await context.parallel([
        async (ctx) =>
          (await ctx.map([1, 2], async (inner, item) => inner.step(async () => item + 1))).getResults(),
        async (ctx) => [await ctx.step(async () => 0)],
      ]);
      return result.getResults();
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual([[2, 3], [0]]);
  });
});

describe("context.promise", () => {
  it("combines running steps: all, allSettled, any, race — each checkpointed as one context", async () => {
    let replays = 0;
    const handler = withDurableExecution(async (_event, context) => {
      replays++;
      const all = await context.promise.all("all", [
        context.step(async () => 1),
        context.step(async () => 2),
      ]);
      const settled = await context.promise.allSettled("settled", [
        context.step(async () => 3),
        context.step(async () => {
          throw new Error("settled failure");
        }, noRetry),
      ]);
      const any = await context.promise.any("any", [
        context.step(async () => {
          throw new Error("any failure");
        }, noRetry),
        context.step(async () => 4),
      ]);
      const race = await context.promise.race("race", [
        context.step(async () => {
          await sleep(30);
          return "slow";
        }),
        context.step(async () => "fast"),
      ]);
      await context.wait({ seconds: 1 });
      const reason = (settled[1] as PromiseRejectedResult).reason as Error;
      // As in the official SDK, a rejection comes back as a plain Error carrying the durable error's name.
      return [all, settled[0], [reason instanceof StepError, reason.name], reason.message, any, race];
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual([
      [1, 2],
      { status: "fulfilled", value: 3 },
      [false, "StepError"],
      "settled failure",
      4,
      "fast",
    ]);
    expect(replays).toBe(2);
    for (const name of ["all", "settled", "any", "race"]) {
      expect(result.getOperation(name)).toMatchObject({
        Type: "CONTEXT",
        SubType: "RunInChildContext",
        Status: "SUCCEEDED",
      });
    }
  });

  it("rejects with PromiseCombinatorError, on the first run and on replay", async () => {
    const seen: string[] = [];
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.promise.all([
          context.step(async () => 1),
          context.step(async () => {
            throw new Error("all failed");
          }, noRetry),
        ]);
      } catch (error) {
        seen.push(
          `${(error as Error).name} ${(error as Error).message} ${error instanceof PromiseCombinatorError}`,
        );
      }
      await context.wait({ seconds: 1 });
      return "ok";
    });
    const { result } = await runLocally(handler);
    expect(result.status).toBe("SUCCEEDED");
    expect(seen).toEqual([
      "PromiseCombinatorError all failed true",
      "PromiseCombinatorError all failed true",
    ]);
  });
});

describe("withRetry", () => {
  it("re-runs a block with durable backoff waits and groups it in a child context", async () => {
    const handler = withDurableExecution(async (_event, context) =>
      withRetry(
        context,
        "checkout",
        async (ctx, attempt) => {
          const value = await ctx.step(`try-${attempt}`, async () => attempt);
          if (value < 3) throw new Error(`attempt ${attempt} failed`);
          return `done on ${value}`;
        },
        { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 5, delay: { seconds: 10 } }) },
      ),
    );
    const { result } = await runLocally(handler);
    expect(result.result).toBe("done on 3");
    expect(result.getOperation("checkout")).toMatchObject({ Type: "CONTEXT", Status: "SUCCEEDED" });
    expect(result.getOperation("checkout-backoff-1")).toMatchObject({ Type: "WAIT", Status: "SUCCEEDED" });
    expect(result.getOperation("checkout-backoff-2")).toMatchObject({ Type: "WAIT" });
    expect(result.invocations).toHaveLength(3);
  });

  it("wraps the final error in ChildContextError, or rethrows it unwrapped when asked", async () => {
    const run = (wrap: boolean) =>
      runLocally(
        withDurableExecution(async (_event, context) => {
          try {
            await withRetry(
              context,
              async () => {
                throw new TypeError("always");
              },
              {
                retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }),
                wrapWithRunInChildContext: wrap,
              },
            );
          } catch (error) {
            return [
              (error as Error).name,
              (error as Error).message,
              ((error as Error).cause as Error | undefined)?.name ?? null,
            ];
          }
        }),
      );
    expect((await run(true)).result.result).toEqual(["ChildContextError", "always", "StepError"]);
    expect((await run(false)).result.result).toEqual(["TypeError", "always", null]);
  });
});

describe("late writes", () => {
  it("drops the writes of an operation a child context started without awaiting", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const value = await context.runInChildContext("child", async (child) => {
        void child.step("forgotten", async () => {
          await sleep(20);
          return "late";
        });
        return "returned";
      });
      await sleep(40);
      return value;
    });
    const { result } = await runLocally(handler);
    expect(result.result).toBe("returned");
    expect(result.getOperation("forgotten")?.Status).toBe("STARTED");
    expect(BatchItemStatus.STARTED).toBe("STARTED");
  });
});
