import {
  ChildContextError,
  createClassSerdes,
  createRetryStrategy,
  isSuspension,
  retryPresets,
  StepError,
  StepSemantics,
  withDurableExecution,
} from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

const noJitter = (maxAttempts: number) =>
  createRetryStrategy({ maxAttempts, initialDelay: { seconds: 2 }, backoffRate: 2, jitter: "NONE" });

describe("step", () => {
  it("runs each step once across invocations and replays recorded results", async () => {
    const runs: string[] = [];
    const handler = withDurableExecution(async (event: { n: number }, context) => {
      const a = await context.step("a", async () => {
        runs.push("a");
        return event.n + 1;
      });
      await context.wait({ seconds: 5 });
      const b = await context.step(async () => {
        runs.push("b");
        return a * 10;
      });
      return { a, b };
    });

    const { result } = await runLocally(handler, { n: 1 });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ a: 2, b: 20 });
    expect(runs).toEqual(["a", "b"]);
    expect(result.invocations).toHaveLength(2);
    expect(result.getOperation("a")?.StepDetails?.Result).toBe("2");
  });

  it("returns the serdes round trip of the value, with a custom serdes", async () => {
    class Money {
      amount = 0;
      currency = "EUR";
      format() {
        return `${this.amount} ${this.currency}`;
      }
    }
    const handler = withDurableExecution(async (_event, context) => {
      const money = await context.step("price", async () => Object.assign(new Money(), { amount: 5 }), {
        serdes: createClassSerdes(Money),
      });
      await context.wait({ seconds: 1 });
      const again = await context.step("price-again", async () => new Money(), {
        serdes: createClassSerdes(Money),
      });
      return [money.format(), again instanceof Money];
    });

    const { result } = await runLocally(handler);

    expect(result.result).toEqual(["5 EUR", true]);
  });

  it("retries a failing step with the scheduled delay and records each attempt", async () => {
    let calls = 0;
    const handler = withDurableExecution(async (_event, context) =>
      context.step(
        "flaky",
        async ({ attempt }) => {
          calls++;
          if (attempt < 3) throw new Error(`attempt ${attempt} failed`);
          return `ok on ${attempt}`;
        },
        { retryStrategy: noJitter(5) },
      ),
    );

    const { result } = await runLocally(handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("ok on 3");
    expect(calls).toBe(3);
    expect(result.getOperation("flaky")?.StepDetails?.Attempt).toBe(3);
    const retries = result.history.filter(
      (event) => event.EventType === "StepFailed" || event.EventType === "StepStarted",
    );
    expect(retries.length).toBeGreaterThanOrEqual(3);
  });

  it("fails with StepError carrying the original error name once retries run out", async () => {
    let seen: unknown;
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.step(
          "doomed",
          async () => {
            throw new RangeError("out of range");
          },
          { retryStrategy: noJitter(2) },
        );
      } catch (error) {
        seen = error;
        throw error;
      }
    });

    const { result } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(result.error).toMatchObject({ ErrorType: "StepError", ErrorMessage: "out of range" });
    expect(seen).toBeInstanceOf(StepError);
    expect((seen as StepError).cause?.name).toBe("RangeError");
    expect(result.getOperation("doomed")?.Status).toBe("FAILED");
  });

  it("applies the default retry preset when no strategy is given", async () => {
    let calls = 0;
    const handler = withDurableExecution(async (_event, context) =>
      context.step("always fails", async () => {
        calls++;
        throw new Error("nope");
      }),
    );

    const { result } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(calls).toBe(6);
    expect(retryPresets.default(new Error("x"), 6).shouldRetry).toBe(false);
  });

  it("does not retry when the strategy filters the error out", async () => {
    const handler = withDurableExecution(async (_event, context) =>
      context.step(
        "validate",
        async () => {
          throw new TypeError("bad input");
        },
        { retryStrategy: createRetryStrategy({ retryableErrorTypes: [RangeError] }) },
      ),
    );

    const { result } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(result.getOperation("validate")?.StepDetails?.Attempt).toBe(1);
  });

  it("checkpoints START before an at-most-once step runs", async () => {
    const handler = withDurableExecution(async (_event, context) =>
      context.step("charge", async () => "charged", { semantics: StepSemantics.AtMostOncePerRetry }),
    );

    const { result, service } = await runLocally(handler);

    const checkpoints = service.requests.filter((r) => r.api === "checkpoint");
    const updates = checkpoints.map((r) =>
      (r.params as { Updates: { Action: string }[] }).Updates.map((u) => u.Action),
    );
    expect(result.result).toBe("charged");
    expect(updates).toEqual([["START"], ["SUCCEED"]]);
  });
});

describe("wait", () => {
  it("suspends the invocation: a lone wait costs two invocations", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      await context.wait("a day", { days: 1 });
      return "done";
    });

    const { result } = await runLocally(handler);

    expect(result.result).toBe("done");
    expect(result.invocations.map((i) => i.output?.Status)).toEqual(["PENDING", "SUCCEEDED"]);
    expect(result.eventTypes()).toEqual(expect.arrayContaining(["WaitStarted", "WaitSucceeded"]));
    const wait = result.getOperation("a day");
    expect(
      wait?.EndTimestamp &&
        wait.StartTimestamp &&
        wait.EndTimestamp.getTime() - wait.StartTimestamp.getTime(),
    ).toBe(86_400_000);
  });

  it("rejects a wait shorter than a second with a clear error, without checkpointing it", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      await context.wait({ seconds: 0.5 });
    });

    const { result } = await runLocally(handler);

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("DurableConfigurationError");
    expect(result.error?.ErrorMessage).toMatch(/at least 1 second/);
    expect(result.operations.filter((op) => op.Type === "WAIT")).toHaveLength(0);
  });

  it("settles the awaiting handler with a suspension signal, so finally blocks run", async () => {
    const cleanups: string[] = [];
    const signals: boolean[] = [];
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.wait({ minutes: 1 });
      } catch (error) {
        signals.push(isSuspension(error));
        throw error;
      } finally {
        cleanups.push("cleanup");
      }
      return "after";
    });

    const { result } = await runLocally(handler);

    expect(result.result).toBe("after");
    expect(signals).toEqual([true]);
    expect(cleanups).toEqual(["cleanup", "cleanup"]);
  });

  it("keeps the invocation PENDING even when the handler swallows the suspension signal", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.wait({ minutes: 1 });
      } catch {
        return "swallowed";
      }
      return "resumed";
    });

    const { result } = await runLocally(handler);

    expect(result.invocations[0]?.output?.Status).toBe("PENDING");
    expect(result.result).toBe("resumed");
  });

  it("never leaks an unhandled rejection from a wait nobody awaits", async () => {
    const unhandled: unknown[] = [];
    const listener = (reason: unknown) => unhandled.push(reason);
    process.on("unhandledRejection", listener);
    try {
      const handler = withDurableExecution(async (_event, context) => {
        void context.wait({ hours: 1 });
        await context.wait({ minutes: 1 });
        return "ok";
      });

      const { result } = await runLocally(handler);
      await new Promise((resolve) => setImmediate(resolve));

      expect(result.status).toBe("SUCCEEDED");
      expect(unhandled).toEqual([]);
    } finally {
      process.off("unhandledRejection", listener);
    }
  });
});

describe("runInChildContext", () => {
  it("groups operations under a CONTEXT and replays its result without re-running it", async () => {
    let childRuns = 0;
    const handler = withDurableExecution(async (_event, context) => {
      const total = await context.runInChildContext("sum", async (child) => {
        childRuns++;
        const a = await child.step("a", async () => 1);
        const b = await child.step("b", async () => 2);
        return a + b;
      });
      await context.wait({ seconds: 1 });
      return total;
    });

    const { result } = await runLocally(handler);

    expect(result.result).toBe(3);
    expect(childRuns).toBe(1);
    const context = result.getOperation("sum");
    expect(context).toMatchObject({ Type: "CONTEXT", SubType: "RunInChildContext", Status: "SUCCEEDED" });
    expect(result.getOperations({ parentId: context?.Id }).map((op) => op.Name)).toEqual(["a", "b"]);
  });

  it("wraps a failure in ChildContextError, live and on replay alike", async () => {
    const errors: unknown[] = [];
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.runInChildContext("broken", async (child) => {
          await child.step(
            "fails",
            async () => {
              throw new Error("inner failure");
            },
            { retryStrategy: retryPresets.noRetry },
          );
        });
      } catch (error) {
        errors.push(error);
      }
      await context.wait({ seconds: 1 });
      return "handled";
    });

    const { result } = await runLocally(handler);

    expect(result.result).toBe("handled");
    expect(errors).toHaveLength(2);
    for (const error of errors) {
      expect(error).toBeInstanceOf(ChildContextError);
      expect((error as ChildContextError).message).toBe("inner failure");
      expect((error as ChildContextError).cause).toBeInstanceOf(StepError);
    }
    expect(result.getOperation("broken")?.ContextDetails?.Error).toMatchObject({ ErrorType: "StepError" });
  });

  it("rebuilds a result over 256 KiB by replaying the child instead of storing it", async () => {
    let childRuns = 0;
    const handler = withDurableExecution(async (_event, context) => {
      const big = await context.runInChildContext(
        "big",
        async (child) => {
          childRuns++;
          const parts = [];
          for (let i = 0; i < 3; i++)
            parts.push(await child.step(`part ${i}`, async () => "x".repeat(100 * 1024)));
          return parts.join("");
        },
        { summaryGenerator: (value) => `length ${value.length}` },
      );
      await context.wait({ seconds: 1 });
      return big.length;
    });

    const { result } = await runLocally(handler);

    expect(result.result).toBe(300 * 1024);
    expect(childRuns).toBe(2);
    expect(result.getOperation("big")?.ContextDetails).toMatchObject({
      ReplayChildren: true,
      Result: "length 307200",
    });
  });

  it("uses a custom errorMapper", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      await context.runInChildContext(
        "order",
        async () => {
          throw new Error("stock");
        },
        { errorMapper: (error) => new StepError(`order failed: ${error.message}`, error) },
      );
    });

    const { result } = await runLocally(handler);

    expect(result.error).toMatchObject({ ErrorType: "StepError", ErrorMessage: "order failed: stock" });
  });
});
