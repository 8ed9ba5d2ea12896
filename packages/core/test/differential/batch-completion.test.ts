import type { BatchResult } from "@durable-lambda/core";
import { describe, expect, it } from "vitest";
import { runScenario, type Scenario } from "../support/differential.js";

const noRetry = { retryStrategy: () => ({ shouldRetry: false }) };

/** Three items run one at a time; the second fails. */
function threeItemsSecondFails(
  operation: "map" | "parallel",
  completionConfig: Record<string, number> | undefined,
): Scenario {
  return {
    handler: () => async (_event, context) => {
      const work = async (
        ctx: Parameters<Parameters<typeof context.runInChildContext>[0]>[0],
        index: number,
      ) =>
        ctx.step(
          `work-${index}`,
          async () => {
            if (index === 1) throw new Error(`item ${index} failed`);
            return index;
          },
          noRetry,
        );
      const config = { maxConcurrency: 1, ...(completionConfig && { completionConfig }) };
      const result: BatchResult<number> =
        operation === "map"
          ? await context.map([0, 1, 2], async (ctx, item) => work(ctx, item), config)
          : await context.parallel(
              [0, 1, 2].map((index) => async (ctx: Parameters<typeof work>[0]) => work(ctx, index)),
              config,
            );
      return {
        reason: result.completionReason,
        status: result.status,
        succeeded: result.successCount,
        failed: result.failureCount,
        items: result.all.map((item) => item.status),
      };
    },
  };
}

async function onBothEngines(scenario: Scenario) {
  const official = await runScenario(scenario, () => "official");
  const ours = await runScenario(scenario, () => "ours");
  return { official, ours, result: JSON.parse(ours.rawResult ?? "null") as Record<string, unknown> };
}

describe("map and parallel complete by the official rule", () => {
  for (const operation of ["map", "parallel"] as const) {
    it(`${operation}: minSuccessful alone tolerates failures and runs every item`, async () => {
      const { official, ours, result } = await onBothEngines(
        threeItemsSecondFails(operation, { minSuccessful: 3 }),
      );

      expect(result).toEqual({
        reason: "ALL_COMPLETED",
        status: "FAILED",
        succeeded: 2,
        failed: 1,
        items: ["SUCCEEDED", "FAILED", "SUCCEEDED"],
      });
      expect(ours).toEqual(official);
    });

    it(`${operation}: no completion config fails fast`, async () => {
      const { official, ours, result } = await onBothEngines(threeItemsSecondFails(operation, undefined));

      expect(result).toMatchObject({ reason: "FAILURE_TOLERANCE_EXCEEDED", items: ["SUCCEEDED", "FAILED"] });
      expect(ours).toEqual(official);
    });

    it(`${operation}: minSuccessful 0 still runs the items`, async () => {
      const { official, ours, result } = await onBothEngines(
        threeItemsSecondFails(operation, { minSuccessful: 0 }),
      );

      expect(result).toMatchObject({ reason: "MIN_SUCCESSFUL_REACHED", items: ["SUCCEEDED"] });
      expect(ours).toEqual(official);
    });

    it(`${operation}: a tolerated failure count lets the batch go on until it is exceeded`, async () => {
      const { official, ours, result } = await onBothEngines(
        threeItemsSecondFails(operation, { minSuccessful: 3, toleratedFailureCount: 0 }),
      );

      expect(result).toMatchObject({ reason: "FAILURE_TOLERANCE_EXCEEDED", items: ["SUCCEEDED", "FAILED"] });
      expect(ours).toEqual(official);
    });
  }
});
