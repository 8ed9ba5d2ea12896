import { withDurableExecution } from "@durable-lambda/core";
import { LocalDurableRunner, LocalDurableService } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { runLocally } from "../support/harness.js";

function workflow(runs: Record<string, number>) {
  return withDurableExecution(async (_event, context) => {
    const a = await context.step("a", async () => {
      runs.a = (runs.a ?? 0) + 1;
      return 1;
    });
    const b = await context.step("b", async () => {
      runs.b = (runs.b ?? 0) + 1;
      return 2;
    });
    return a + b;
  });
}

describe("checkpoint faults", () => {
  it.each(["throttle", "server", "staleToken", "network"] as const)(
    "retries the invocation after a %s and still completes",
    async (fault) => {
      const runs: Record<string, number> = {};
      const runner = new LocalDurableRunner({ handler: workflow(runs) });
      runner.service.injectFault({ api: "checkpoint", error: fault, afterCalls: 1, times: 1 });

      const result = await runner.run();
      await runner.close();

      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toBe(3);
      expect(result.invocations).toHaveLength(2);
      expect(result.invocations[0]?.error?.ErrorType).toBe("CheckpointUnrecoverableInvocationError");
      expect(runs).toEqual({ a: 1, b: 2 });
    },
  );

  it("fails the execution, visibly, on a permanent 4xx", async () => {
    const runs: Record<string, number> = {};
    const runner = new LocalDurableRunner({ handler: workflow(runs) });
    runner.service.injectFault({ api: "checkpoint", error: "badRequest", times: 1 });

    const result = await runner.run();
    await runner.close();

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("CheckpointUnrecoverableExecutionError");
    expect(result.error?.ErrorMessage).toMatch(/InvalidParameterValueException/);
    expect(result.invocations).toHaveLength(1);
  });

  it("never runs a finished step again when the response to its write was lost", async () => {
    const runs: Record<string, number> = {};
    const runner = new LocalDurableRunner({ handler: workflow(runs) });
    runner.service.injectFault({ api: "checkpoint", error: "server", persist: true, times: 1 });

    const result = await runner.run();
    await runner.close();

    expect(result.result).toBe(3);
    expect(runs).toEqual({ a: 1, b: 1 });
  });

  it("retries the invocation when loading a paged state fails transiently", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      for (let i = 0; i < 12; i++) await context.step(`s${i}`, async () => i);
      await context.wait({ seconds: 1 });
      return "done";
    });
    const service = new LocalDurableService({ initialStatePageSize: 5 });
    service.injectFault({ api: "getState", error: "server", times: 1 });

    const { result } = await runLocally(handler, {}, { service });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations.map((i) => i.output?.Status ?? i.error?.ErrorType)).toEqual([
      "PENDING",
      "CheckpointUnrecoverableInvocationError",
      "SUCCEEDED",
    ]);
  });
});
