import { createRetryStrategy, isSuspension, withDurableExecution } from "@durable-lambda/core";
import { durable } from "@durable-lambda/middy";
import { type LocalDurableHandler, LocalDurableRunner } from "@durable-lambda/testing";
import middy, { type MiddlewareObj } from "@middy/core";
import { describe, expect, it } from "vitest";
import {
  asLambdaHandler,
  middyHandler,
  observableOutcome,
  runWorkload,
  type Workflow,
} from "./support/workflows.js";

type Hook = "before" | "after" | "onError" | "requestEnd";

/** A middleware that records which of its hooks ran, invocation by invocation. */
function hookRecorder() {
  const invocations: { hooks: Hook[]; error?: unknown; responseAtEnd?: unknown }[] = [];
  const current = () => invocations.at(-1) as (typeof invocations)[number];
  const middleware: MiddlewareObj = {
    before: () => {
      invocations.push({ hooks: ["before"] });
    },
    after: () => {
      current().hooks.push("after");
    },
    onError: (request) => {
      current().hooks.push("onError");
      current().error = request.error;
    },
  };
  const requestEnd = (request: { response: unknown }) => {
    current().hooks.push("requestEnd");
    current().responseAtEnd = request.response;
  };
  return { invocations, middleware, requestEnd };
}

const fastRetries = createRetryStrategy({ maxAttempts: 3, initialDelay: { seconds: 1 }, jitter: "NONE" });

/** A wait, a retried step and a callback: four invocations, three of them suspended. */
function suspendingWorkflow(): Workflow {
  let attempts = 0;
  return async (_event, context) => {
    await context.wait("pause", { minutes: 1 });
    const value = await context.step(
      "flaky",
      async () => {
        attempts++;
        if (attempts === 1) throw new Error("transient");
        return attempts;
      },
      { retryStrategy: fastRetries },
    );
    const answer = await context.waitForCallback("approval", async () => undefined);
    return { value, answer };
  };
}

describe("a suspended invocation", () => {
  it("settles the handler, so other middlewares' onError and requestEnd run on every invocation", async () => {
    const recorder = hookRecorder();
    const wrap = (workflow: Workflow) =>
      asLambdaHandler(
        middy({ requestEnd: recorder.requestEnd, timeoutEarlyInMillis: 0 })
          .use(durable())
          .use(recorder.middleware)
          .handler((event, context) => workflow(event as Record<string, unknown>, context)),
      );

    const result = await runWorkload(
      { name: "suspending", workflow: suspendingWorkflow, answersCallbacks: true },
      wrap,
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ value: 2, answer: "ok:callback" });
    expect(result.invocations.map((invocation) => invocation.output?.Status)).toEqual([
      "PENDING",
      "PENDING",
      "PENDING",
      "SUCCEEDED",
    ]);
    expect(recorder.invocations.map((invocation) => invocation.hooks)).toEqual([
      ["before", "onError", "requestEnd"],
      ["before", "onError", "requestEnd"],
      ["before", "onError", "requestEnd"],
      ["before", "after", "requestEnd"],
    ]);
    const suspensions = recorder.invocations.slice(0, 3).map((invocation) => invocation.error);
    expect(suspensions.every(isSuspension)).toBe(true);
    expect(recorder.invocations.map((invocation) => invocation.responseAtEnd)).toEqual(
      result.invocations.map((invocation) => invocation.output),
    );
  });

  it("runs the cleanup of a middleware that opens a resource per invocation, every time", async () => {
    const open = new Set<number>();
    let opened = 0;
    const connection: MiddlewareObj = {
      before: (request) => {
        opened++;
        open.add(opened);
        (request.internal as Record<string, unknown>).connection = opened;
      },
      after: (request) => {
        open.delete((request.internal as Record<string, unknown>).connection as number);
      },
      onError: (request) => {
        open.delete((request.internal as Record<string, unknown>).connection as number);
      },
    };

    const result = await runWorkload(
      { name: "cleanup", workflow: suspendingWorkflow, answersCallbacks: true },
      (workflow) => middyHandler(workflow, [connection]),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(opened).toBe(result.invocations.length);
    expect(opened).toBe(4);
    expect([...open]).toEqual([]);
  });

  it("answers PENDING even when another middleware recovers from the suspension with a response", async () => {
    const httpErrorHandler: MiddlewareObj = {
      onError: (request) => {
        request.response = { statusCode: 500, body: "Internal Server Error" };
      },
    };
    const workflow: Workflow = async (_event, context) => {
      await context.wait({ minutes: 1 });
      return "done";
    };

    const result = await runWorkload({ name: "recovering", workflow: () => workflow }, (handler) =>
      middyHandler(handler, [httpErrorHandler]),
    );

    expect(result.invocations.map((invocation) => invocation.output)).toEqual([
      { Status: "PENDING" },
      { Status: "SUCCEEDED", Result: '"done"' },
    ]);
  });

  it("answers PENDING when the handler swallows the suspension and returns a value", async () => {
    const workflow: Workflow = async (_event, context) => {
      try {
        await context.wait({ minutes: 1 });
      } catch {
        return "swallowed";
      }
      return "done";
    };

    const result = await runWorkload({ name: "swallowing", workflow: () => workflow }, (handler) =>
      middyHandler(handler),
    );

    expect(result.invocations.map((invocation) => invocation.output?.Status)).toEqual([
      "PENDING",
      "SUCCEEDED",
    ]);
    expect(result.result).toBe("done");
  });
});

describe("a terminal outcome", () => {
  it("stays FAILED when another middleware turns the handler's error into a response", async () => {
    const httpErrorHandler: MiddlewareObj = {
      onError: (request) => {
        request.response = { statusCode: 500 };
      },
    };
    const workflow: Workflow = async (_event, context) => {
      await context.wait({ seconds: 5 });
      throw new RangeError("quantity out of range");
    };

    const result = await runWorkload({ name: "failing", workflow: () => workflow }, (handler) =>
      middyHandler(handler, [httpErrorHandler]),
    );

    expect(result.status).toBe("FAILED");
    expect(result.error).toMatchObject({ ErrorType: "RangeError", ErrorMessage: "quantity out of range" });
  });

  it("is the response as the after chain reshaped it", async () => {
    const envelope: MiddlewareObj = {
      after: (request) => {
        request.response = { data: request.response, version: 2 };
      },
    };
    const workflow: Workflow = async (_event, context) => {
      const total = await context.step("total", async () => 42);
      await context.wait({ seconds: 5 });
      return { total };
    };

    const result = await runWorkload({ name: "reshaped", workflow: () => workflow }, (handler) =>
      middyHandler(handler, [envelope]),
    );

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ data: { total: 42 }, version: 2 });
  });

  it("is FAILED with the error of an after that throws", async () => {
    const strict: MiddlewareObj = {
      after: () => {
        throw new TypeError("response failed validation");
      },
    };
    const workflow: Workflow = async (_event, context) => context.step("work", async () => "value");

    const result = await runWorkload({ name: "after throws", workflow: () => workflow }, (handler) =>
      middyHandler(handler, [strict]),
    );

    expect(result.status).toBe("FAILED");
    expect(result.error).toMatchObject({
      ErrorType: "TypeError",
      ErrorMessage: "response failed validation",
    });
  });
});

describe("an invocation that cannot be completed", () => {
  /** Returns a result too large for the response: completing it checkpoints the result first. */
  const largeResult: Workflow = async () => "x".repeat(6 * 1024 * 1024 - 40);

  async function runWithLostCheckpoint(handler: LocalDurableHandler) {
    const runner = new LocalDurableRunner({ handler });
    // The checkpoint of the large result fails once, transiently: Lambda retries the invocation.
    runner.service.injectFault({ api: "checkpoint", error: "server" });
    return runner.run();
  }

  it("ends with a Lambda error and is retried, as under withDurableExecution", async () => {
    const seen: { error: unknown; response: unknown }[] = [];
    const recorder: MiddlewareObj = {
      onError: (request) => {
        seen.push({ error: request.error, response: request.response });
      },
    };

    const plain = await runWithLostCheckpoint(withDurableExecution(largeResult));
    const viaMiddy = await runWithLostCheckpoint(middyHandler(largeResult, [recorder]));

    expect(viaMiddy.status).toBe("SUCCEEDED");
    expect(
      viaMiddy.invocations.map((invocation) => invocation.error?.ErrorType ?? invocation.output?.Status),
    ).toEqual(
      plain.invocations.map((invocation) => invocation.error?.ErrorType ?? invocation.output?.Status),
    );
    expect(viaMiddy.invocations[0]?.error?.ErrorType).toBe("CheckpointUnrecoverableInvocationError");
    expect(seen).toEqual([
      {
        error: expect.objectContaining({ name: "CheckpointUnrecoverableInvocationError" }),
        response: undefined,
      },
    ]);
  });

  it("is retried when a checkpoint fails while the handler runs, as under withDurableExecution", async () => {
    const steps: Workflow = async (_event, context) => {
      const first = await context.step("first", async () => 1);
      return first + (await context.step("second", async () => 2));
    };

    const plain = await runWithLostCheckpoint(withDurableExecution(steps));
    const viaMiddy = await runWithLostCheckpoint(middyHandler(steps));

    expect(viaMiddy.status).toBe("SUCCEEDED");
    expect(viaMiddy.result).toBe(3);
    expect(observableOutcome(viaMiddy)).toEqual(observableOutcome(plain));
    expect(viaMiddy.invocations[0]?.error?.ErrorType).toBe("CheckpointUnrecoverableInvocationError");
  });
});
