import * as official from "@aws/durable-execution-sdk-js";
import * as ours from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { checkpointRequests } from "../support/harness.js";

/** The parts of the two SDKs the scenarios use; both modules satisfy it. */
interface Sdk {
  withDurableExecution: typeof ours.withDurableExecution;
  createRetryStrategy: typeof ours.createRetryStrategy;
  StepSemantics: typeof ours.StepSemantics;
}

type Scenario = (sdk: Sdk) => ours.DurableExecutionHandler;

const retryTwice = (sdk: Sdk) => sdk.createRetryStrategy({ maxAttempts: 2, initialDelay: { seconds: 3 }, jitter: ours.JitterStrategy.NONE });

// Wire compatibility (DESIGN.md "Compatibility promises" 1): for the same handler, both engines send
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
  "a retried step": (sdk) => async (_event, context) => {
    let calls = 0;
    return context.step(
      "flaky",
      async () => {
        if (calls++ === 0) throw new TypeError("first call fails");
        return "ok";
      },
      { retryStrategy: retryTwice(sdk) },
    );
  },
  "a step that fails for good": (sdk) => async (_event, context) => {
    try {
      await context.step("doomed", async () => {
        throw new RangeError("nope");
      }, { retryStrategy: retryTwice(sdk) });
    } catch {
      return "caught";
    }
  },
  "an at-most-once step": (sdk) => async (_event, context) =>
    context.step("charge", async () => 42, { semantics: sdk.StepSemantics.AtMostOncePerRetry }),
  "nested child contexts": () => async (_event, context) =>
    context.runInChildContext("outer", async (outer) => {
      const a = await outer.step("a", async () => 1);
      const inner = await outer.runInChildContext(async (child) => {
        await child.wait({ seconds: 5 });
        return child.step("b", async () => 2);
      }, { subType: "CustomSubType" });
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
};

async function capture(sdk: Sdk, scenario: Scenario) {
  const handler = sdk.withDurableExecution(scenario(sdk));
  const runner = new LocalDurableRunner({ handler: handler as never });
  try {
    const result = await runner.run({ input: { id: "order-1" } });
    return {
      status: result.status,
      result: result.result,
      invocations: result.invocations.map((i) => i.output?.Status),
      requests: checkpointRequests(runner.service),
    };
  } finally {
    await runner.close();
  }
}

describe("checkpoint requests match @aws/durable-execution-sdk-js", () => {
  for (const [name, scenario] of Object.entries(scenarios)) {
    it(`for ${name}`, async () => {
      const theirs = await capture(official as unknown as Sdk, scenario);
      const mine = await capture(ours, scenario);

      expect(mine.requests).toEqual(theirs.requests);
      expect(mine.invocations).toEqual(theirs.invocations);
      expect(mine.status).toBe(theirs.status);
      expect(mine.result).toEqual(theirs.result);
    });
  }
});
