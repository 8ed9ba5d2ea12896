import { type DurableContext, durable } from "@durable-lambda/middy";
import { LocalDurableRunner } from "@durable-lambda/testing";
import middy from "@middy/core";
import type { Context } from "aws-lambda";
import { describe, expect, it } from "vitest";

/** A promise that never settles: a step still working when the deadline comes. */
const forever = () => new Promise<never>(() => undefined);

describe("Middy's early timeout on a durable invocation", () => {
  it("retries the invocation from the last checkpoint instead of failing the execution", async () => {
    let invocation = 0;
    let fastRuns = 0;
    const handler = middy<unknown, string[], Error, DurableContext>({ timeoutEarlyInMillis: 5 })
      .use(durable())
      .handler(async (_event, context) => {
        const fast = await context.step("fast", async () => {
          fastRuns++;
          return "fast";
        });
        await context.wait({ minutes: 1 });
        const slow = await context.step("slow", async () => (invocation === 2 ? forever() : "slow"));
        return [fast, slow];
      });
    // The second invocation starts with no time left, so Middy's timer fires while "slow" runs.
    const nearDeadline = (event: unknown, lambdaContext: Context) => {
      invocation++;
      const remainingMs = invocation === 2 ? 0 : 60_000;
      return handler(event, {
        ...lambdaContext,
        getRemainingTimeInMillis: () => remainingMs,
      } as DurableContext);
    };
    const runner = new LocalDurableRunner({ handler: nearDeadline });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual(["fast", "slow"]);
    expect(fastRuns).toBe(1);
    expect(result.invocations.map((record) => record.output?.Status ?? record.error?.ErrorType)).toEqual([
      "PENDING",
      "EarlyTimeoutError",
      "SUCCEEDED",
    ]);
    expect(result.invocations[1]?.error?.ErrorMessage).toContain("Middy's early timeout fired");
  });
});
