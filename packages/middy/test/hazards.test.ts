import { durable, Hazard, WARNING_TYPE } from "@durable-lambda/middy";
import type { LocalDurableHandler } from "@durable-lambda/testing";
import middy, { type MiddlewareObj } from "@middy/core";
import { afterEach, beforeEach, describe, expect, it, type MockInstance, vi } from "vitest";
import { asLambdaHandler, runWorkload, type Workflow } from "./support/workflows.js";

let emitWarning: MockInstance<typeof process.emitWarning>;
beforeEach(() => {
  emitWarning = vi.spyOn(process, "emitWarning").mockImplementation(() => undefined);
});
afterEach(() => {
  emitWarning.mockRestore();
});

/** The codes of the durable() warnings emitted so far. */
function warningCodes(): string[] {
  return emitWarning.mock.calls
    .filter(([, options]) => typeof options === "object" && options?.type === WARNING_TYPE)
    .map(([, options]) => (options as { code: string }).code);
}

/** Waits twice, then returns its call count: three invocations, two suspended. */
function waitingWorkflow() {
  const calls = { count: 0 };
  const workflow: Workflow = async (_event, context) => {
    calls.count++;
    await context.wait({ minutes: 1 });
    await context.wait({ minutes: 1 });
    return "handler result";
  };
  return { calls, workflow };
}

function chain(first: MiddlewareObj[], rest: MiddlewareObj[], workflow: Workflow): LocalDurableHandler {
  const handler = middy()
    .use(first)
    .use(durable())
    .use(rest)
    .handler((event, context) => workflow(event as Record<string, unknown>, context));
  return asLambdaHandler(handler);
}

const statuses = (result: { invocations: { output?: { Status: string } }[] }) =>
  result.invocations.map((invocation) => invocation.output?.Status);

describe("a middleware returning early from before", () => {
  it("still gets a durable output: its value becomes the result, with a warning", async () => {
    const { calls, workflow } = waitingWorkflow();
    const cache: MiddlewareObj = { before: () => ({ cached: true }) };

    const result = await runWorkload({ name: "early", workflow: () => workflow }, (handler) =>
      chain([], [cache], handler),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ cached: true });
    expect(calls.count).toBe(0);
    expect(warningCodes()).toEqual([Hazard.BEFORE_RETURNED_EARLY.code]);
  });
});

describe("a middleware returning a value from after", () => {
  it("makes that value the result, leaves suspensions PENDING, and warns once", async () => {
    const { workflow } = waitingWorkflow();
    const wrapper: MiddlewareObj = { after: (request) => ({ wrapped: request.response }) };

    const result = await runWorkload({ name: "after value", workflow: () => workflow }, (handler) =>
      chain([], [wrapper], handler),
    );

    expect(statuses(result)).toEqual(["PENDING", "PENDING", "SUCCEEDED"]);
    expect(result.result).toEqual({ wrapped: "handler result" });
    expect(warningCodes()).toEqual([Hazard.AFTER_RETURNED_VALUE.code]);
  });
});

describe("a middleware returning a value from onError", () => {
  it("cannot turn a suspension into a success nor a failure into a success", async () => {
    const workflow: Workflow = async (_event, context) => {
      await context.wait({ minutes: 1 });
      throw new RangeError("out of stock");
    };
    const recover: MiddlewareObj = { onError: () => ({ statusCode: 500 }) };

    const result = await runWorkload({ name: "onError value", workflow: () => workflow }, (handler) =>
      chain([], [recover], handler),
    );

    expect(statuses(result)).toEqual(["PENDING", "FAILED"]);
    expect(result.error).toMatchObject({ ErrorType: "RangeError", ErrorMessage: "out of stock" });
    expect(warningCodes()).toEqual([Hazard.ON_ERROR_RETURNED_VALUE.code]);
  });
});

describe("durable() registered after another middleware", () => {
  it("keeps the durable output when the earlier middleware changes the response, and warns", async () => {
    const { workflow } = waitingWorkflow();
    const reshaper: MiddlewareObj = {
      after: (request) => {
        request.response = { statusCode: 200, body: JSON.stringify(request.response) };
      },
    };

    const result = await runWorkload({ name: "not first", workflow: () => workflow }, (handler) =>
      chain([reshaper], [], handler),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("handler result");
    expect(warningCodes()).toEqual([Hazard.NOT_FIRST.code]);
  });

  it("keeps the durable output when the earlier middleware throws afterwards, and warns", async () => {
    const { workflow } = waitingWorkflow();
    const failing: MiddlewareObj = {
      after: () => {
        throw new Error("metrics backend unavailable");
      },
    };

    const result = await runWorkload({ name: "throws after", workflow: () => workflow }, (handler) =>
      chain([failing], [], handler),
    );

    expect(statuses(result)).toEqual(["PENDING", "PENDING", "SUCCEEDED"]);
    expect(result.result).toBe("handler result");
    expect(warningCodes()).toEqual([Hazard.ERROR_AFTER_OUTPUT.code]);
  });
});

describe("a well-ordered chain", () => {
  it("emits no warning", async () => {
    const { workflow } = waitingWorkflow();
    const reshaper: MiddlewareObj = {
      after: (request) => {
        request.response = { body: request.response };
      },
      onError: () => undefined,
    };

    const result = await runWorkload({ name: "ordered", workflow: () => workflow }, (handler) =>
      chain([], [reshaper], handler),
    );

    expect(result.result).toEqual({ body: "handler result" });
    expect(warningCodes()).toEqual([]);
  });
});
