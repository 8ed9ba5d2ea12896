import { InvokeError, withDurableExecution } from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";
import { checkpointRequests } from "../support/harness.js";

describe("invoke", () => {
  it("invokes a registered plain function with a JSON payload and returns its JSON result", async () => {
    const handler = withDurableExecution(async (_event, context) =>
      context.invoke<{ amount: number }, number>("tax", "tax-calculator", { amount: 100 }),
    );
    const runner = new LocalDurableRunner({ handler }).registerFunction(
      "tax-calculator",
      async (event: unknown) => (event as { amount: number }).amount * 0.2,
    );
    const result = await runner.run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe(20);
    expect(result.getOperation("tax")).toMatchObject({
      Type: "CHAINED_INVOKE",
      SubType: "ChainedInvoke",
      Status: "SUCCEEDED",
      ChainedInvokeDetails: { Result: "20" },
    });
  });

  it("invokes a registered durable function as a nested execution (unnamed overload)", async () => {
    const child = withDurableExecution(async (event: { x: number }, context) => {
      const doubled = await context.step("double", async () => event.x * 2);
      await context.wait({ seconds: 5 });
      return { doubled };
    });
    const handler = withDurableExecution(async (_event, context) => {
      const first = await context.invoke<{ x: number }, { doubled: number }>("doubler", { x: 21 });
      return context.step("after", async () => first.doubled + 1);
    });
    const runner = new LocalDurableRunner({ handler }).registerFunction("doubler", child as never, {
      durable: true,
    });
    const result = await runner.run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe(43);
    const invoke = result.getOperations({ type: "CHAINED_INVOKE" })[0];
    expect(invoke?.Name).toBeUndefined();
  });

  it("rejects with InvokeError when the invoked function fails", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.invoke("call", "broken", { n: 1 });
        return "unexpected";
      } catch (error) {
        const e = error as InvokeError;
        return {
          invokeError: error instanceof InvokeError,
          message: e.message,
          causeMessage: e.cause?.message,
        };
      }
    });
    const runner = new LocalDurableRunner({ handler }).registerFunction("broken", async () => {
      throw new RangeError("bad input");
    });
    const result = await runner.run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ invokeError: true, message: "bad input", causeMessage: "bad input" });
    expect(result.getOperation("call")?.Status).toBe("FAILED");
  });

  it("sends TenantId and FunctionName in ChainedInvokeOptions", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      await context.invoke("with-tenant", "echo", "hi", { tenantId: "acme" });
      return context.invoke("without-tenant", "echo", "ho");
    });
    const runner = new LocalDurableRunner({ handler }).registerFunction(
      "echo",
      async (event: unknown) => event,
    );
    const result = await runner.run();
    expect(result.result).toBe("ho");
    const starts = checkpointRequests(runner.service)
      .flat()
      .filter((update) => update.Type === "CHAINED_INVOKE");
    expect(starts).toEqual([
      expect.objectContaining({
        Name: "with-tenant",
        Action: "START",
        Payload: '"hi"',
        ChainedInvokeOptions: { FunctionName: "echo", TenantId: "acme" },
      }),
      expect.objectContaining({
        Name: "without-tenant",
        Action: "START",
        Payload: '"ho"',
        ChainedInvokeOptions: { FunctionName: "echo" },
      }),
    ]);
  });
});
