import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  countedStep,
  failFixAndRedrive,
  type LocalSetup,
  RunCounter,
  startLocal,
} from "./support/local-service.js";

/** Over the 256 KiB a child context's result may have in the checkpoint: it is rebuilt by replay. */
const LARGE_CHARS = 300 * 1024;

describe("a redrive takes callbacks, chained invokes and rebuilt child contexts", () => {
  const runs = new RunCounter();
  let broken = true;
  let local: LocalSetup;
  beforeAll(async () => {
    const step = countedStep(runs, (name) => broken && name === "confirm");
    local = await startLocal((config) =>
      withDurableExecution(
        async (_event, context) => {
          const [approval] = await context.createCallback("approval");
          const approved = await approval;
          const price = await context.invoke<{ sku: string }, number>("price", "pricing", { sku: "A" });
          const catalogue = await context.runInChildContext("catalogue", async (child) => {
            const part = await child.step("load page", async () => {
              runs.ran("load page");
              return "x".repeat(LARGE_CHARS);
            });
            return `${part}!`;
          });
          const confirmed = await step(context, "confirm");
          return { approved, price, catalogueLength: catalogue.length, confirmed };
        },
        { ...config, redrive: true },
      ),
    );
    local.runner.registerFunction("pricing", async (event: unknown) => {
      runs.ran("pricing");
      return (event as { sku: string }).sku === "A" ? 42 : 0;
    });
  });
  afterAll(() => local.close());

  it("does not create the callback again, invoke again, or run the rebuilt context's steps again", async () => {
    const approval = local.runner.waitForOperation("approval");
    const answered = approval.then((handle) => handle.sendCallbackSuccess("yes"));

    const redrive = await failFixAndRedrive(local, runs, "taken-1", () => {
      broken = false;
    });
    await answered;

    expect(redrive.result.status).toBe("SUCCEEDED");
    expect(redrive.result.result).toEqual({
      approved: "yes",
      price: 42,
      catalogueLength: LARGE_CHARS + 1,
      confirmed: "confirm",
    });
    expect(runs.snapshot()).toEqual({ confirm: 1 });
    const events = redrive.result.eventTypes();
    expect(events).not.toContain("CallbackStarted");
    expect(events).not.toContain("ChainedInvokeStarted");
    expect(redrive.result.getOperation("catalogue")?.Status).toBe("SUCCEEDED");
  });
});
