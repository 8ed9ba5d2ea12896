import { withDurableExecution } from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { InMemoryDurableStore, LocalDurableRunner, LocalDurableService, VirtualClock } from "../src/index.js";
import { describeDurableStore } from "./support/store-contract.js";

describeDurableStore("InMemoryDurableStore", () => new InMemoryDurableStore());
describeDurableStore(
  "InMemoryDurableStore with copies",
  () => new InMemoryDurableStore({ copyRecords: true }),
);

describe("a service restarted on the same store", () => {
  const workflow = withDurableExecution(async (_event: unknown, ctx) => {
    const first = await ctx.step("first", async () => 1);
    await ctx.wait({ hours: 1 });
    const [answer] = await ctx.createCallback<string>("approval", { timeout: { days: 1 } });
    return { first, approval: await answer };
  });

  it("carries on where the old one stopped: timers, callbacks and the running execution", async () => {
    const store = new InMemoryDurableStore({ copyRecords: true });
    const clock = new VirtualClock();
    const before = new LocalDurableRunner({
      handler: workflow,
      service: new LocalDurableService({ store, clock }),
      idleTimeoutMs: 0,
    });
    const started = await before.run({ executionName: "restart-me" });
    expect(started.status).toBe("RUNNING");
    const callbackId = started.getOperation("approval")?.CallbackDetails?.CallbackId as string;
    expect(callbackId).toBeDefined();

    // A new process: only the store and the clock survive.
    const service = new LocalDurableService({ store, clock });
    const [arn] = service.listExecutionArns();
    expect(service.nextTimer(arn as string)?.kind).toBe("callbackTimeout");
    await service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: "yes" });
    const after = new LocalDurableRunner({ handler: workflow, service });
    const resumed = await after.resume(arn as string);
    expect(resumed.status).toBe("SUCCEEDED");
    expect(resumed.result).toEqual({ first: 1, approval: "yes" });
    expect(resumed.eventTypes().filter((type) => type === "StepStarted")).toHaveLength(1);
  });

  it("ends an invocation cut off by the restart with a Lambda error, then invokes again", async () => {
    const store = new InMemoryDurableStore({ copyRecords: true });
    const old = new LocalDurableService({ store });
    const arn = old.startExecution({ functionName: "durable-function", executionName: "cut-off" });
    old.startInvocation(arn); // the process dies while this invocation runs

    const service = new LocalDurableService({ store });
    expect(service.hasRunningInvocation(arn)).toBe(true);
    service.completeInvocation(arn, {
      lambdaError: { ErrorType: "Sandbox.Timedout", ErrorMessage: "The dev server restarted." },
    });
    const resumed = await new LocalDurableRunner({ handler: workflow, service, idleTimeoutMs: 0 }).resume(
      arn,
    );
    expect(resumed.status).toBe("RUNNING"); // waiting for the approval callback
    expect(resumed.getOperation("first")?.Status).toBe("SUCCEEDED");
  });
});
