import { withDurableExecution } from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { countedStep, RunCounter } from "./support/local-service.js";

describe("redrive with the in-process transport of the local runner", () => {
  it("takes the source's results through the transport embedded in the event", async () => {
    const runs = new RunCounter();
    let broken = true;
    const step = countedStep(runs, (name) => broken && name === "charge");
    const runner = new LocalDurableRunner({
      functionName: "orders",
      handler: withDurableExecution(
        async (_event, context) => [await step(context, "reserve"), await step(context, "charge")],
        { redrive: true },
      ),
    });
    const source = await runner.run({ input: { orderId: "o-1" }, executionName: "order-1" });
    expect(source.status).toBe("FAILED");
    broken = false;
    runs.reset();

    // What DurableExecutions.redrive() starts: the same function and input, named after the source.
    const redrive = await runner.run({ input: { orderId: "o-1" }, executionName: "order-1--redrive-1" });

    expect(redrive.status).toBe("SUCCEEDED");
    expect(redrive.result).toEqual(["reserve", "charge"]);
    expect(runs.snapshot()).toEqual({ charge: 1 });
  });
});
