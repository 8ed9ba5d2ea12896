import { isSuspension } from "@durable-lambda/core";
import { skipOnSuspension } from "@durable-lambda/middy";
import errorLogger from "@middy/error-logger";
import inputOutputLogger from "@middy/input-output-logger";
import validator from "@middy/validator";
import { transpileSchema } from "@middy/validator/transpile";
import { describe, expect, it } from "vitest";
import { middyHandler, runWorkload, type Workflow } from "./support/workflows.js";

/** A step, a wait and a step: two invocations, the first suspended. */
const orderWorkflow: Workflow = async (event, context) => {
  const reserved = await context.step("reserve", async () => `reserved ${String(event.quantity)}`);
  await context.wait("settle", { minutes: 10 });
  const shipped = await context.step("ship", async () => `shipped ${String(event.orderId)}`);
  return { reserved, shipped };
};

describe("@middy/input-output-logger", () => {
  it("logs the user's event on every invocation and the result once, never the envelope", async () => {
    const messages: Record<string, unknown>[] = [];
    const wrap = (workflow: Workflow) =>
      middyHandler(workflow, [
        inputOutputLogger({
          logger: (message: unknown) => messages.push(message as Record<string, unknown>),
        }),
      ]);

    const result = await runWorkload(
      { name: "io", workflow: () => orderWorkflow, input: { orderId: "o-1", quantity: 2 } },
      wrap,
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(messages).toEqual([
      { event: { orderId: "o-1", quantity: 2 } },
      { event: { orderId: "o-1", quantity: 2 } },
      { response: { reserved: "reserved 2", shipped: "shipped o-1" } },
    ]);
  });

  it("includes the live Lambda fields of the durable context", async () => {
    const messages: { context?: Record<string, unknown> }[] = [];
    const wrap = (workflow: Workflow) =>
      middyHandler(workflow, [
        inputOutputLogger({
          lambdaContext: true,
          logger: (message: unknown) => messages.push(message as { context?: Record<string, unknown> }),
        }),
      ]);

    const result = await runWorkload({ name: "io context", workflow: () => orderWorkflow }, wrap);

    const requestIds = messages.map((message) => message.context?.awsRequestId);
    expect(requestIds).toEqual([
      result.invocations[0]?.requestId,
      result.invocations[1]?.requestId,
      result.invocations[1]?.requestId,
    ]);
    expect(messages[0]?.context?.functionName).toBe("durable-function");
  });
});

describe("@middy/error-logger", () => {
  const failingWorkflow: Workflow = async (_event, context) => {
    await context.wait({ minutes: 1 });
    await context.wait({ minutes: 1 });
    throw new RangeError("quantity out of range");
  };

  it("sees each suspension as a suspension signal, and the real failure once", async () => {
    const logged: unknown[] = [];
    const wrap = (workflow: Workflow) =>
      middyHandler(workflow, [
        errorLogger({ logger: (request: { error: unknown }) => logged.push(request.error) }),
      ]);

    const result = await runWorkload({ name: "errors", workflow: () => failingWorkflow }, wrap);

    expect(result.status).toBe("FAILED");
    expect(logged).toHaveLength(3);
    expect(logged.slice(0, 2).every(isSuspension)).toBe(true);
    expect(logged[2]).toBeInstanceOf(RangeError);
  });

  it("reports only the real failure behind skipOnSuspension", async () => {
    const logged: unknown[] = [];
    const wrap = (workflow: Workflow) =>
      middyHandler(workflow, [
        skipOnSuspension(
          errorLogger({ logger: (request: { error: unknown }) => logged.push(request.error) }),
        ),
      ]);

    const result = await runWorkload({ name: "errors", workflow: () => failingWorkflow }, wrap);

    expect(result.invocations).toHaveLength(3);
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ name: "RangeError", message: "quantity out of range" });
  });
});

describe("@middy/validator", () => {
  const eventSchema = transpileSchema({
    type: "object",
    required: ["orderId", "quantity"],
    properties: { orderId: { type: "string" }, quantity: { type: "integer", minimum: 1 } },
  });
  const responseSchema = transpileSchema({
    type: "object",
    required: ["shipped"],
    properties: { shipped: { type: "string" } },
  });
  const wrap = (workflow: Workflow) => middyHandler(workflow, [validator({ eventSchema, responseSchema })]);

  it("validates the user's payload and the handler's result on every invocation", async () => {
    const result = await runWorkload(
      { name: "valid", workflow: () => orderWorkflow, input: { orderId: "o-2", quantity: 1 } },
      wrap,
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations).toHaveLength(2);
    expect(result.result).toEqual({ reserved: "reserved 1", shipped: "shipped o-2" });
  });

  it("fails the execution when the user's payload is invalid, before any operation", async () => {
    const result = await runWorkload(
      { name: "invalid", workflow: () => orderWorkflow, input: { orderId: "o-3", quantity: 0 } },
      wrap,
    );

    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorMessage).toBe("Event object failed validation");
    expect(result.operations).toEqual([]);
  });
});
