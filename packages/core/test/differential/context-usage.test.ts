import type { DurableContext } from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { runScenario, type Scenario } from "../support/differential.js";

/** Counts the side effects a misused operation would run; none may run. */
const sideEffects = { count: 0 };
const work = async () => {
  sideEffects.count++;
  return "done";
};

const misuses: Record<string, { operation: string; handler: (context: DurableContext) => Promise<unknown> }> =
  {
    "the parent's step inside a child context": {
      operation: "step",
      handler: (context) => context.runInChildContext("child", async () => context.step("wrong", work)),
    },
    "the parent's wait inside a child context": {
      operation: "wait",
      handler: (context) =>
        context.runInChildContext("child", async () => context.wait("wrong", { hours: 1 })),
    },
    "context.step inside a step": {
      operation: "step",
      handler: (context) => context.step("outer", async () => context.step("inner", work)),
    },
    "context.wait inside a step": {
      operation: "wait",
      handler: (context) =>
        context.step("outer", async () => {
          await context.wait("inner", { days: 1 });
          return work();
        }),
    },
    "the parent context inside a waitForCondition check": {
      operation: "step",
      handler: (context) =>
        context.waitForCondition(
          "poll",
          async (state: number) => (await context.step("wrong", work)).length + state,
          {
            initialState: 0,
            waitStrategy: () => ({ shouldContinue: false }),
          },
        ),
    },
    "the parent context inside a map item": {
      operation: "step",
      handler: (context) => context.map([1], async () => context.step("wrong", work)),
    },
  };

describe("using the wrong context fails the execution at the call", () => {
  for (const [name, misuse] of Object.entries(misuses)) {
    it(`for ${name}, on both engines`, async () => {
      const scenario: Scenario = {
        handler: () => async (_event, context) => misuse.handler(context as DurableContext),
      };

      const official = await runScenario(scenario, () => "official");
      sideEffects.count = 0;
      const ours = await runScenario(scenario, () => "ours");

      // Refused before anything ran (the official SDK fails the execution too, but runs the call).
      expect(sideEffects.count).toBe(0);
      for (const capture of [official, ours]) {
        expect(capture.status).toBe("FAILED");
        expect(capture.error?.ErrorMessage).toMatch(
          new RegExp(`^Context usage error in "${misuse.operation}"`),
        );
      }
      expect(ours.error?.ErrorType).toBe("ContextUsageError");
      expect(ours.error?.ErrorMessage).toContain("use the context your function receives");
      expect(ours.requests.flat().map((update) => update.Name)).not.toContain("wrong");
      expect(ours.requests.flat().map((update) => update.Name)).not.toContain("inner");
    });
  }
});
