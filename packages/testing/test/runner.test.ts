import {
  CallbackTimeoutError,
  type DurableContext,
  StepSemantics,
  withDurableExecution,
} from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import { LocalDurableRunner, LocalDurableService, VirtualClock } from "../src/index.js";

const DAY_MS = 24 * 60 * 60 * 1000;

function durable<E, R>(fn: (event: E, ctx: DurableContext) => Promise<R>) {
  return withDurableExecution(fn);
}

describe("runner: steps and waits", () => {
  it("finishes a one-day wait in two invocations by skipping time", async () => {
    const handler = durable(async (event: { name: string }, ctx) => {
      const greeting = await ctx.step("greet", async () => `hello ${event.name}`);
      await ctx.wait("nap", { days: 1 });
      return ctx.step("shout", async () => greeting.toUpperCase());
    });
    const runner = new LocalDurableRunner({ handler, functionName: "greeter" });
    const before = runner.clock.now();

    const result = await runner.run<string>({ input: { name: "ada" } });

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("HELLO ADA");
    expect(result.invocations).toHaveLength(2);
    expect(runner.clock.now() - before).toBeGreaterThanOrEqual(DAY_MS);
    expect(result.operations.map((op) => [op.Name, op.Type, op.Status])).toEqual([
      ["greet", "STEP", "SUCCEEDED"],
      ["nap", "WAIT", "SUCCEEDED"],
      ["shout", "STEP", "SUCCEEDED"],
    ]);
    expect(result.invocations[1]?.updatedOperationIds).toEqual([result.getOperation("nap")?.Id]);
    expect(result.invocations.map((invocation) => invocation.output?.Status)).toEqual([
      "PENDING",
      "SUCCEEDED",
    ]);
    expect(result.eventTypes()).toEqual([
      "ExecutionStarted",
      "StepStarted",
      "StepSucceeded",
      "WaitStarted",
      "InvocationCompleted",
      "WaitSucceeded",
      "StepStarted",
      "StepSucceeded",
      "InvocationCompleted",
      "ExecutionSucceeded",
    ]);
    expect(result.execution.DurableExecutionArn).toMatch(/:function:greeter:\$LATEST\/durable-execution\//);
  });

  it("retries a step that fails once after its retry delay", async () => {
    let calls = 0;
    const handler = durable(async (_event: unknown, ctx) =>
      ctx.step(
        "flaky",
        async () => {
          calls += 1;
          if (calls === 1) throw new Error("transient");
          return "ok";
        },
        { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 30 } }) },
      ),
    );
    const runner = new LocalDurableRunner({ handler });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("ok");
    expect(result.invocations).toHaveLength(2);
    expect(result.getOperation("flaky")?.StepDetails?.Attempt).toBe(2);
    const failed = result.getEvents("StepFailed")[0];
    expect(failed?.StepFailedDetails?.Error?.Payload?.ErrorMessage).toBe("transient");
    expect(failed?.StepFailedDetails?.RetryDetails).toEqual({
      CurrentAttempt: 1,
      NextAttemptDelaySeconds: 30,
    });
  });

  it("fails the execution when a step exhausts its retries", async () => {
    const handler = durable(async (_event: unknown, ctx) =>
      ctx.step(
        "doomed",
        async () => {
          throw new TypeError("always");
        },
        { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { minutes: 1 } }) },
      ),
    );
    const result = await new LocalDurableRunner({ handler }).run();
    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorMessage).toBe("always");
    expect(result.invocations).toHaveLength(3);
    expect(result.getOperation("doomed")).toMatchObject({ Status: "FAILED", StepDetails: { Attempt: 3 } });
  });

  it("runs a child context and records its operations under it", async () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const total = await ctx.runInChildContext("child", async (child) => {
        const a = await child.step("a", async () => 1);
        const b = await child.step("b", async () => 2);
        return a + b;
      });
      return total * 10;
    });
    const result = await new LocalDurableRunner({ handler }).run();
    expect(result.result).toBe(30);
    const child = result.getOperation("child");
    expect(child).toMatchObject({ Type: "CONTEXT", SubType: "RunInChildContext", Status: "SUCCEEDED" });
    expect(result.getChildOperations(child as never).map((op) => op.Name)).toEqual(["a", "b"]);
    expect(result.eventTypes()).toContain("ContextSucceeded");
  });

  it("runs map and parallel", async () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const squares = await ctx.map("squares", [1, 2, 3], async (_item, item) => item * item);
      const pair = await ctx.parallel("pair", [
        async () => "x",
        async (branch) => branch.step("y", async () => "y"),
      ]);
      return { squares: squares.getResults(), pair: pair.getResults() };
    });
    const result = await new LocalDurableRunner({ handler }).run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ squares: [1, 4, 9], pair: ["x", "y"] });
    expect(result.getOperations({ subType: "MapIteration" })).toHaveLength(3);
  });

  it("pages the initial state when it has more operations than the first page holds", async () => {
    const service = new LocalDurableService({ initialStatePageSize: 2 });
    const handler = durable(async (_event: unknown, ctx) => {
      let sum = 0;
      for (let i = 0; i < 5; i += 1) sum += await ctx.step(`s${i}`, async () => i);
      await ctx.wait({ seconds: 5 });
      return sum;
    });
    const result = await new LocalDurableRunner({ handler, service }).run();
    expect(result.result).toBe(10);
    const stateCalls = service.requests.filter((record) => record.api === "getState");
    expect(stateCalls.length).toBeGreaterThan(0);
    expect(stateCalls.every((record) => record.error === undefined)).toBe(true);
  });

  it("checkpoints an oversized result and reports it as the execution's result", async () => {
    // Over the SDK's 6 MiB - 50 B response threshold, within the service's 6 MB EXECUTION payload limit.
    const big = "x".repeat(6 * 1024 * 1024 - 10);
    const handler = durable(async () => big);
    const result = await new LocalDurableRunner({ handler }).run<string>();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.invocations[0]?.output).toEqual({ Status: "SUCCEEDED", Result: "" });
    expect(result.result?.length).toBe(big.length);
    expect(result.getEvents("ExecutionSucceeded")).toHaveLength(1);
  });
});

describe("runner: at-most-once steps", () => {
  it("checkpoints START before running the step and SUCCEED after, in separate requests", async () => {
    const handler = durable(async (_event: unknown, ctx) =>
      ctx.step("pay", async () => "paid", { semantics: StepSemantics.AtMostOncePerRetry }),
    );
    const runner = new LocalDurableRunner({ handler });
    const result = await runner.run();
    expect(result.result).toBe("paid");
    const updates = runner.service.requests
      .filter((record) => record.api === "checkpoint")
      .map((record) =>
        (record.params as { Updates: Array<{ Action: string }> }).Updates.map((u) => u.Action),
      );
    expect(updates).toEqual([["START"], ["SUCCEED"]]);
  });

  it("treats a STARTED at-most-once step found on replay as interrupted and retries it", async () => {
    let runs = 0;
    const handler = durable(async (_event: unknown, ctx) =>
      ctx.step(
        "pay",
        async () => {
          runs += 1;
          return "paid";
        },
        {
          semantics: StepSemantics.AtMostOncePerRetry,
          retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 3, delay: { seconds: 10 } }),
        },
      ),
    );
    const runner = new LocalDurableRunner({ handler });
    // The SUCCEED of the first attempt is lost: the invocation fails after START was persisted.
    runner.service.injectFault({ api: "checkpoint", error: "server", afterCalls: 1 });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(runs).toBe(2);
    expect(result.invocations[0]?.error?.ErrorType).toBeDefined();
    const interrupted = result.getEvents("StepFailed")[0]?.StepFailedDetails?.Error?.Payload;
    expect(interrupted?.ErrorType).toBe("StepInterruptedError");
    expect(result.getOperation("pay")?.StepDetails?.Attempt).toBe(2);
  });
});

describe("runner: callbacks", () => {
  it("lets the test complete a callback through waitForOperation", async () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const [answer, callbackId] = await ctx.createCallback("approval");
      await ctx.step("notify", async () => callbackId.length);
      return `approved: ${await answer}`;
    });
    const runner = new LocalDurableRunner({ handler });
    const approval = runner.waitForOperation("approval");

    const running = runner.run();
    await (await approval).sendCallbackSuccess('"yes"');
    const result = await running;

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe('approved: "yes"');
    expect(result.getOperation("approval")).toMatchObject({
      Status: "SUCCEEDED",
      CallbackDetails: { Result: '"yes"' },
    });
    expect(result.eventTypes()).toContain("CallbackSucceeded");
  });

  it("completes waitForCallback through the inner callback", async () => {
    const submitted: string[] = [];
    const handler = durable(async (_event: unknown, ctx) =>
      ctx.waitForCallback("external", async (callbackId) => {
        submitted.push(callbackId);
      }),
    );
    const runner = new LocalDurableRunner({ handler });
    const external = runner.waitForOperation("external");
    const running = runner.run();
    await (await external).sendCallbackSuccess("done");
    const result = await running;
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("done");
    expect(submitted).toHaveLength(1);
    const context = result.getOperation("external");
    expect(result.getChildOperations(context as never).map((op) => op.Type)).toEqual(["CALLBACK", "STEP"]);
  });

  it("reports a callback failure to the handler", async () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const [answer] = await ctx.createCallback("approval");
      try {
        return await answer;
      } catch (error) {
        return `rejected: ${(error as Error).message}`;
      }
    });
    const runner = new LocalDurableRunner({ handler });
    const approval = runner.waitForOperation("approval");
    const running = runner.run();
    await (await approval).sendCallbackFailure({ ErrorType: "Denied", ErrorMessage: "not today" });
    expect((await running).result).toBe("rejected: not today");
  });

  it("times a callback out by skipping to its timeout", async () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const [answer] = await ctx.createCallback("approval", { timeout: { hours: 2 } });
      try {
        return await answer;
      } catch (error) {
        return error instanceof CallbackTimeoutError ? "timed out" : `other: ${String(error)}`;
      }
    });
    const runner = new LocalDurableRunner({ handler });
    const before = runner.clock.now();
    const result = await runner.run();
    expect(result.result).toBe("timed out");
    expect(result.getOperation("approval")?.Status).toBe("TIMED_OUT");
    expect(result.eventTypes()).toContain("CallbackTimedOut");
    expect(runner.clock.now() - before).toBeGreaterThanOrEqual(2 * 60 * 60 * 1000);
    expect(result.invocations).toHaveLength(2);
  });

  describe("heartbeats (clock driven by the test)", () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const [answer] = await ctx.createCallback("job", {
        timeout: { hours: 1 },
        heartbeatTimeout: { seconds: 60 },
      });
      try {
        return await answer;
      } catch (error) {
        return error instanceof CallbackTimeoutError ? "stalled" : "other";
      }
    });

    it("keeps a callback alive while heartbeats arrive within the heartbeat timeout", async () => {
      const runner = new LocalDurableRunner({ handler, skipTime: false });
      const job = runner.waitForOperation("job");
      const running = runner.run();
      const handle = await job;
      for (let beat = 0; beat < 3; beat += 1) {
        runner.clock.advanceBy(45_000);
        await handle.sendCallbackHeartbeat();
      }
      await handle.sendCallbackSuccess('"finished"');
      const result = await running;
      expect(result.result).toBe('"finished"');
    });

    it("times the callback out when the heartbeats stop", async () => {
      const runner = new LocalDurableRunner({ handler, skipTime: false });
      const job = runner.waitForOperation("job");
      const running = runner.run();
      const handle = await job;
      runner.clock.advanceBy(45_000);
      await handle.sendCallbackHeartbeat();
      runner.clock.advanceBy(61_000);
      const result = await running;
      expect(result.result).toBe("stalled");
      expect(result.getOperation("job")?.CallbackDetails?.Error?.ErrorMessage).toBe(
        "Callback timed out on heartbeat",
      );
    });
  });

  it("reports RUNNING when it idles waiting for a callback, and resumes once it arrives", async () => {
    const handler = durable(async (_event: unknown, ctx) => {
      const [answer] = await ctx.createCallback("approval");
      return answer;
    });
    const runner = new LocalDurableRunner({ handler, idleTimeoutMs: 0 });
    const idle = await runner.run();
    expect(idle.status).toBe("RUNNING");
    expect(idle.invocations).toHaveLength(1);

    const callbackId = idle.getOperation("approval")?.CallbackDetails?.CallbackId as string;
    await runner.service.sendDurableExecutionCallbackSuccess({ CallbackId: callbackId, Result: "late" });
    const done = await runner.resume(idle.executionArn);
    expect(done.status).toBe("SUCCEEDED");
    expect(done.result).toBe("late");
    expect(done.invocations).toHaveLength(2);
  });

  it("rejects waitForOperation when the run ends without that operation", async () => {
    const runner = new LocalDurableRunner({ handler: durable(async () => "quick") });
    const never = runner.waitForOperation("missing");
    await runner.run();
    await expect(never).rejects.toThrow(/waitForOperation\("missing"\)/);
  });

  it("reports an onOperationUpdate listener that throws", async () => {
    const handler = durable(async (_event: unknown, ctx) => ctx.step("only", async () => 1));
    const run = new LocalDurableRunner({ handler }).run({
      onOperationUpdate: () => {
        throw new Error("listener bug");
      },
    });
    await expect(run).rejects.toThrow(/onOperationUpdate listener threw \(listener bug\)/);
  });

  it("calls onOperationUpdate for every operation change", async () => {
    const seen: string[] = [];
    const handler = durable(async (_event: unknown, ctx) => ctx.step("only", async () => 1));
    await new LocalDurableRunner({ handler }).run({
      onOperationUpdate: (operation) => seen.push(`${operation.Name ?? operation.Type}:${operation.Status}`),
    });
    expect(seen).toEqual(["only:STARTED", "only:SUCCEEDED", "EXECUTION:SUCCEEDED"]);
  });
});

describe("runner: chained invokes", () => {
  it("invokes a registered durable function as a nested execution", async () => {
    const child = durable(async (event: { x: number }, ctx) => {
      await ctx.wait({ hours: 1 });
      return ctx.step("double", async () => event.x * 2);
    });
    const parent = durable(async (_event: unknown, ctx) => ctx.invoke("call-child", "doubler", { x: 21 }));
    const runner = new LocalDurableRunner({ handler: parent }).registerFunction("doubler", child, {
      durable: true,
    });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe(42);
    const invoke = result.getOperation("call-child");
    expect(invoke).toMatchObject({
      Type: "CHAINED_INVOKE",
      Status: "SUCCEEDED",
      ChainedInvokeDetails: { Result: "42" },
    });
    const started = result.getEvents("ChainedInvokeStarted")[0]?.ChainedInvokeStartedDetails;
    expect(started?.FunctionName).toBe("doubler");
    const nested = runner.inspect(started?.DurableExecutionArn as string);
    expect(nested.status).toBe("SUCCEEDED");
    expect(nested.invocations).toHaveLength(2);
    expect(result.eventTypes()).toContain("ChainedInvokeSucceeded");
  });

  it("invokes a registered plain function with the parsed payload", async () => {
    const parent = durable(async (_event: unknown, ctx) =>
      ctx.invoke("tax", "tax-calculator", { amount: 100 }),
    );
    const runner = new LocalDurableRunner({ handler: parent }).registerFunction(
      "tax-calculator",
      async (event: unknown) => (event as { amount: number }).amount * 0.2,
    );
    const result = await runner.run();
    expect(result.result).toBe(20);
  });

  it("supports callback-style plain functions", async () => {
    const parent = durable(async (_event: unknown, ctx) => ctx.invoke("legacy", "legacy-fn", { n: 1 }));
    const runner = new LocalDurableRunner({ handler: parent }).registerFunction(
      "legacy-fn",
      (event, _context, callback) => {
        setImmediate(() => callback(null, { echoed: event }));
      },
    );
    expect((await runner.run()).result).toEqual({ echoed: { n: 1 } });
  });

  it("fails the invoke when the plain function throws, and when the function is unknown", async () => {
    const parent = durable(async (_event: unknown, ctx) => {
      const outcomes: string[] = [];
      for (const target of ["broken", "nowhere"]) {
        try {
          await ctx.invoke(`call-${target}`, target, {});
        } catch (error) {
          outcomes.push(`${target}: ${(error as Error).message}`);
        }
      }
      return outcomes;
    });
    const runner = new LocalDurableRunner({ handler: parent }).registerFunction("broken", async () => {
      throw new RangeError("bad input");
    });
    const result = await runner.run<string[]>();
    expect(result.result?.[0]).toBe("broken: bad input");
    expect(result.result?.[1]).toMatch(/^nowhere: Function not found/);
    expect(result.getOperation("call-nowhere")?.ChainedInvokeDetails?.Error?.ErrorType).toBe(
      "ResourceNotFoundException",
    );
  });
});

describe("runner: invocation failures", () => {
  it("re-invokes after a Lambda error and records every invocation", async () => {
    let invocations = 0;
    const inner = durable(async (_event: unknown, ctx) => ctx.step("work", async () => "done"));
    const handler = async (event: never, context: never) => {
      invocations += 1;
      if (invocations === 1) throw new Error("cold start failure");
      return inner(event, context);
    };
    const result = await new LocalDurableRunner({ handler }).run();
    expect(result.status).toBe("SUCCEEDED");
    expect(
      result.invocations.map((invocation) => invocation.error?.ErrorMessage ?? invocation.output?.Status),
    ).toEqual(["cold start failure", "SUCCEEDED"]);
    const completed = result.getEvents("InvocationCompleted");
    expect(completed[0]?.InvocationCompletedDetails?.Error?.Payload?.ErrorMessage).toBe("cold start failure");
  });

  it("fails the execution after maxInvocationRetries failed retries", async () => {
    const handler = async () => {
      throw new SyntaxError("broken deploy");
    };
    const result = await new LocalDurableRunner({ handler, maxInvocationRetries: 1 }).run();
    expect(result.status).toBe("FAILED");
    expect(result.error).toMatchObject({ ErrorType: "SyntaxError", ErrorMessage: "broken deploy" });
    expect(result.invocations).toHaveLength(2);
  });

  it("fails an invocation that runs past lambdaTimeoutMs", async () => {
    const handler = () => new Promise<never>(() => {});
    const result = await new LocalDurableRunner({
      handler,
      lambdaTimeoutMs: 10,
      maxInvocationRetries: 0,
    }).run();
    expect(result.status).toBe("FAILED");
    expect(result.error).toMatchObject({
      ErrorType: "Sandbox.Timedout",
      ErrorMessage: "Task timed out after 0.01 seconds",
    });
  });

  it("treats an output that is not a durable output as a Lambda error", async () => {
    const result = await new LocalDurableRunner({
      handler: async () => ({ hello: "world" }),
      maxInvocationRetries: 0,
    }).run();
    expect(result.status).toBe("FAILED");
    expect(result.error?.ErrorType).toBe("InvalidDurableExecutionOutput");
  });

  it("gives the handler a complete Lambda context with a fresh request id per invocation", async () => {
    const contexts: Array<Record<string, unknown>> = [];
    const inner = durable(async (_event: unknown, ctx) => ctx.wait({ seconds: 1 }));
    const handler = async (event: never, context: import("aws-lambda").Context) => {
      contexts.push({
        functionName: context.functionName,
        arn: context.invokedFunctionArn,
        requestId: context.awsRequestId,
        memory: context.memoryLimitInMB,
        group: context.logGroupName,
        remaining: context.getRemainingTimeInMillis(),
      });
      return inner(event, context as never);
    };
    const result = await new LocalDurableRunner({
      handler,
      functionName: "ctx-test",
      lambdaTimeoutMs: 60_000,
    }).run();
    expect(result.status).toBe("SUCCEEDED");
    expect(contexts).toHaveLength(2);
    expect(contexts[0]).toMatchObject({
      functionName: "ctx-test",
      arn: "arn:aws:lambda:us-east-1:123456789012:function:ctx-test:$LATEST",
      memory: "128",
      group: "/aws/lambda/ctx-test",
    });
    expect(contexts[0]?.remaining).toBeGreaterThan(50_000);
    expect(contexts[0]?.remaining).toBeLessThanOrEqual(60_000);
    expect(contexts[0]?.requestId).not.toBe(contexts[1]?.requestId);
    expect(result.invocations.map((invocation) => invocation.requestId)).toEqual(
      contexts.map((c) => c.requestId),
    );
  });
});

describe("runner: the in-process event", () => {
  it("passes an event engines recognise as carrying their client", async () => {
    let seen: Record<string, unknown> | undefined;
    const inner = durable(async () => "ok");
    const handler = async (event: Record<string, unknown>, context: never) => {
      seen = event;
      return inner(event as never, context);
    };
    await new LocalDurableRunner({ handler: handler as never }).run();
    expect(Object.prototype.toString.call(seen)).toBe("[object DurableExecutionInvocationInputWithClient]");
    expect(seen?.constructor.name).toBe("DurableExecutionInvocationInputWithClient");
    expect(seen).toHaveProperty("durableExecutionClient.checkpoint");
    expect(seen).toHaveProperty("durableExecutionClient.getExecutionState");
    expect(seen).toMatchObject({
      UpdatedOperationIds: [],
      InitialExecutionState: { Operations: [{ Type: "EXECUTION" }] },
    });
  });
});

describe("runner: comparing engines", () => {
  it("captures the exact checkpoint requests so two runs can be compared", async () => {
    const workflow = async (_event: unknown, ctx: DurableContext) => {
      const a = await ctx.step("a", async () => 1);
      await ctx.wait("w", { minutes: 5 });
      return ctx.runInChildContext("c", async (child) => a + (await child.step("b", async () => 2)));
    };
    const updatesOf = async () => {
      const service = new LocalDurableService({ clock: new VirtualClock() });
      await new LocalDurableRunner({ handler: withDurableExecution(workflow), service }).run();
      return service.requests
        .filter((record) => record.api === "checkpoint")
        .map((record) => (record.params as { Updates: unknown }).Updates);
    };
    const [first, second] = await Promise.all([updatesOf(), updatesOf()]);
    expect(first.length).toBeGreaterThan(2);
    expect(second).toEqual(first);
  });
});
