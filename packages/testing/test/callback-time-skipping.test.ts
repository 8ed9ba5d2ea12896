import {
  CallbackTimeoutError,
  type DurableContext,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { SendDurableExecutionCallbackSuccessCommand } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { LocalDurableRunner, type LocalRunResult } from "../src/index.js";
import { clientFor, httpRunner } from "./support/http.js";

// The scenario: the submitter hands the callback id to an outside system, which answers 50 ms
// later in real time. Time skipping must not fire the 24-hour callback timeout meanwhile.
const ANSWER_AFTER_MS = 50;
const RUNS = 100;
/** Runs started together on one runner (one clock), so 100 runs take a few seconds of real time. */
const CONCURRENT_RUNS = 10;

type Answer = (callbackId: string) => void;

/** Answers through `send`, keeping any error (an answer that came too late) for the assertions. */
function answering(send: (callbackId: string) => Promise<unknown>, errors: unknown[]): Answer {
  return (callbackId) => {
    send(callbackId).catch((error: unknown) => errors.push(error));
  };
}

function approvalWorkflow(answer: Answer | undefined) {
  return async (_event: unknown, ctx: DurableContext) => {
    try {
      const approval = await ctx.waitForCallback(
        "approval",
        async (callbackId) => {
          if (answer !== undefined) setTimeout(() => answer(callbackId), ANSWER_AFTER_MS);
        },
        { timeout: { hours: 24 } },
      );
      return `approved: ${approval}`;
    } catch (error) {
      return error instanceof CallbackTimeoutError ? "timed out" : `failed: ${String(error)}`;
    }
  };
}

async function inBatches(count: number, run: () => Promise<LocalRunResult>): Promise<LocalRunResult[]> {
  const results: LocalRunResult[] = [];
  for (let start = 0; start < count; start += CONCURRENT_RUNS) {
    const batch = Array.from({ length: Math.min(CONCURRENT_RUNS, count - start) }, run);
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

describe("time skipping and callback timeouts, in process", () => {
  it(`an answer 50 ms after the submitter always arrives in time (${RUNS} runs of ${RUNS})`, async () => {
    let runner: LocalDurableRunner;
    const errors: unknown[] = [];
    const answer = answering(
      (CallbackId) => runner.service.sendDurableExecutionCallbackSuccess({ CallbackId, Result: '"yes"' }),
      errors,
    );
    runner = new LocalDurableRunner({ handler: withDurableExecution(approvalWorkflow(answer)) });
    const results = await inBatches(RUNS, () => runner.run());
    const outcomes = results.map((result) => `${result.status} ${String(result.result)}`);
    expect(outcomes.filter((outcome) => outcome !== 'SUCCEEDED approved: "yes"')).toEqual([]);
    expect(errors).toEqual([]);
    // The 24-hour timeout never came close: no day was skipped.
    expect(runner.clock.skippedMs).toBe(0);
  });

  it("without an answer the timeout fires once the runner has been idle for callbackGraceMs", async () => {
    const runner = new LocalDurableRunner({
      handler: withDurableExecution(approvalWorkflow(undefined)),
      callbackGraceMs: 100,
    });
    const result = await runner.run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("timed out");
    expect(result.getOperation("approval")?.Status).toBe("FAILED");
    expect(result.eventTypes()).toContain("CallbackTimedOut");
    expect(runner.clock.skippedMs).toBeGreaterThanOrEqual(24 * 60 * 60 * 1000 - 1000);
  });

  it("waits and retries are still skipped at once", async () => {
    let attempts = 0;
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      await ctx.wait({ days: 2 });
      return ctx.step(
        "flaky",
        async () => {
          attempts += 1;
          if (attempts < 3) throw new Error("not yet");
          return attempts;
        },
        { retryStrategy: () => ({ shouldRetry: true, delay: { hours: 1 } }) },
      );
    });
    const runner = new LocalDurableRunner({ handler, callbackGraceMs: 60_000 });
    const result = await runner.run();
    expect(result.result).toBe(3);
    expect(runner.clock.skippedMs).toBeGreaterThanOrEqual(2 * 24 * 60 * 60 * 1000);
  });

  it("a wait of another execution on the same clock does not skip past a pending callback's timeout", async () => {
    let runner: LocalDurableRunner;
    const errors: unknown[] = [];
    const answer = answering(
      (CallbackId) => runner.service.sendDurableExecutionCallbackSuccess({ CallbackId, Result: '"yes"' }),
      errors,
    );
    const approval = approvalWorkflow(answer);
    const handler = withDurableExecution(async (event: { wait?: boolean }, ctx: DurableContext) => {
      if (event.wait !== true) return approval(event, ctx);
      await ctx.wait({ days: 2 });
      return "waited";
    });
    runner = new LocalDurableRunner({ handler });
    const [approved, waited] = await Promise.all([runner.run(), runner.run({ input: { wait: true } })]);
    expect(approved.result).toBe('approved: "yes"');
    expect(waited.result).toBe("waited");
    expect(errors).toEqual([]);
  });

  it("with idleTimeoutMs below callbackGraceMs the run returns RUNNING instead of timing the callback out", async () => {
    const runner = new LocalDurableRunner({
      handler: withDurableExecution(approvalWorkflow(undefined)),
      idleTimeoutMs: 0,
    });
    const result = await runner.run();
    expect(result.status).toBe("RUNNING");
    expect(result.getOperation("approval")?.Status).toBe("STARTED");
  });
});

describe("time skipping and callback timeouts, over HTTP with the real LambdaClient", () => {
  it(`an answer 50 ms after the submitter always arrives in time (${RUNS} runs of ${RUNS})`, async () => {
    let send: (callbackId: string) => Promise<unknown> = async () => undefined;
    const errors: unknown[] = [];
    const { runner, endpoint } = await httpRunner(
      approvalWorkflow(answering((callbackId) => send(callbackId), errors)),
    );
    try {
      const outside = clientFor(endpoint);
      send = (CallbackId) =>
        outside.send(new SendDurableExecutionCallbackSuccessCommand({ CallbackId, Result: '"yes"' }));
      const results = await inBatches(RUNS, () => runner.run());
      const outcomes = results.map((result) => `${result.status} ${String(result.result)}`);
      expect(outcomes.filter((outcome) => outcome !== 'SUCCEEDED approved: "yes"')).toEqual([]);
      expect(errors).toEqual([]);
      expect(runner.clock.skippedMs).toBe(0);
    } finally {
      await runner.close();
    }
  });

  it("without an answer the timeout fires after callbackGraceMs", async () => {
    const { runner } = await httpRunner(approvalWorkflow(undefined), { callbackGraceMs: 100 });
    try {
      const result = await runner.run();
      expect(result.result).toBe("timed out");
      expect(result.eventTypes()).toContain("CallbackTimedOut");
    } finally {
      await runner.close();
    }
  });
});
