import {
  createWaitStrategy,
  DurableConfigurationError,
  StepError,
  withDurableExecution,
} from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { checkpointRequests, runLocally } from "../support/harness.js";

describe("waitForCondition", () => {
  it("polls until the strategy stops, carrying the state between invocations", async () => {
    const seen: { count: number; attempt: number }[] = [];
    const handler = withDurableExecution(async (_event, context) =>
      context.waitForCondition(
        "poll",
        async (state: { count: number }, { attempt }) => {
          seen.push({ count: state.count, attempt });
          return { count: state.count + 1 };
        },
        {
          initialState: { count: 0 },
          waitStrategy: createWaitStrategy({
            shouldContinuePolling: (state) => state.count < 3,
            initialDelay: { seconds: 10 },
            jitter: "NONE",
          }),
        },
      ),
    );
    const { result, service } = await runLocally(handler);

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ count: 3 });
    expect(seen).toEqual([
      { count: 0, attempt: 1 },
      { count: 1, attempt: 2 },
      { count: 2, attempt: 3 },
    ]);
    expect(result.invocations).toHaveLength(3);
    const updates = checkpointRequests(service)
      .flat()
      .filter((update) => update.Type === "STEP")
      .map((update) => [
        update.Action,
        update.SubType,
        update.Payload,
        update.StepOptions?.NextAttemptDelaySeconds,
      ]);
    expect(updates).toEqual([
      ["START", "WaitForCondition", undefined, undefined],
      ["RETRY", "WaitForCondition", '{"count":1}', 10],
      ["START", "WaitForCondition", undefined, undefined],
      ["RETRY", "WaitForCondition", '{"count":2}', 15],
      ["START", "WaitForCondition", undefined, undefined],
      ["SUCCEED", "WaitForCondition", '{"count":3}', undefined],
    ]);
  });

  it("fails without retrying when the check throws, as a StepError", async () => {
    let calls = 0;
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.waitForCondition(
          async () => {
            calls++;
            throw new TypeError("cannot read status");
          },
          { initialState: 1, waitStrategy: () => ({ shouldContinue: true, delay: { seconds: 1 } }) },
        );
        return "unexpected";
      } catch (error) {
        return {
          step: error instanceof StepError,
          cause: (error as StepError).cause?.name,
          message: (error as Error).message,
        };
      }
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual({ step: true, cause: "TypeError", message: "cannot read status" });
    expect(calls).toBe(1);
    expect(result.getOperations({ type: "STEP" })[0]?.Status).toBe("FAILED");
  });

  it("rejects without checkpointing when waitStrategy or initialState is missing", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const outcomes: boolean[] = [];
      for (const config of [
        { initialState: 1 },
        { initialState: undefined, waitStrategy: () => ({ shouldContinue: false }) },
      ]) {
        try {
          await context.waitForCondition(async (s) => s, config as never);
        } catch (error) {
          outcomes.push(error instanceof DurableConfigurationError);
        }
      }
      return outcomes;
    });
    const { result } = await runLocally(handler);
    expect(result.result).toEqual([true, true]);
    expect(result.operations).toHaveLength(0);
  });
});
