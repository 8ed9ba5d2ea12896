import { describe, expect, it } from "vitest";
import { runScenario, type Scenario } from "../support/differential.js";

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

async function onBothEngines(scenario: Scenario) {
  const official = await runScenario(scenario, () => "official");
  const ours = await runScenario(scenario, () => "ours");
  return { official, ours };
}

describe("handler results serialise to the same bytes as the official SDK's", () => {
  it("a batch result lists each item as result or error, then index, then status", async () => {
    const scenario: Scenario = {
      handler: () => async (_event, context) =>
        context.map(
          [1, 2],
          async (ctx, item) =>
            ctx.step(async () => {
              if (item === 2) throw new TypeError("two");
              return item;
            }, noRetry),
          { completionConfig: { toleratedFailureCount: 1 } },
        ),
    };

    const { official, ours } = await onBothEngines(scenario);

    expect(ours.rawResult).toBe(official.rawResult);
    expect(ours.rawResult).toMatch(/^\{"all":\[\{"result":1,"index":0,"status":"SUCCEEDED"\},\{"error":\{/);
  });

  it("promise.allSettled hands back rejections as plain errors with the name of the durable error", async () => {
    const scenario: Scenario = {
      handler: () => async (_event, context) => {
        const settled = await context.promise.allSettled([
          context.step("ok", async () => 1),
          context.step(
            "bad",
            async () => {
              throw new TypeError("boom");
            },
            noRetry,
          ),
        ]);
        const reason = (settled[1] as PromiseRejectedResult).reason as Error;
        return { settled, name: reason.name, message: reason.message, isError: reason instanceof Error };
      },
    };

    const { official, ours } = await onBothEngines(scenario);

    expect(ours.rawResult).toBe(official.rawResult);
    expect(JSON.parse(ours.rawResult ?? "{}")).toEqual({
      settled: [
        { status: "fulfilled", value: 1 },
        { status: "rejected", reason: { name: "StepError" } },
      ],
      name: "StepError",
      message: "boom",
      isError: true,
    });
  });
});
