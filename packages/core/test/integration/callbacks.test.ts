import {
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  withDurableExecution,
} from "@durable-lambda/core";
import { LocalDurableRunner } from "@durable-lambda/testing";
import { describe, expect, it } from "vitest";

describe("createCallback", () => {
  it("resolves with the raw string the test sends, and checkpoints CALLBACK START with its options", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const [answer, callbackId] = await context.createCallback("approval", { timeout: { hours: 1 } });
      const value = await answer;
      return { value, idIsString: typeof callbackId === "string" && callbackId.length > 0 };
    });
    const runner = new LocalDurableRunner({ handler });
    const approval = runner.waitForOperation("approval");
    const running = runner.run();
    await (await approval).sendCallbackSuccess('{"ok":true}');
    const result = await running;

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({ value: '{"ok":true}', idIsString: true });
    const operation = result.getOperation("approval");
    expect(operation).toMatchObject({ Type: "CALLBACK", SubType: "Callback", Status: "SUCCEEDED" });
    expect(result.invocations).toHaveLength(2);
  });

  it("uses the per-call serdes and the context's defaultCallbackDeserializer", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const [perCall] = await context.createCallback<{ ok: boolean }>("per-call", {
        serdes: { deserialize: async (data) => (data === undefined ? undefined : JSON.parse(data)) },
      });
      context.configureSerdes({
        defaultCallbackDeserializer: { deserialize: async (data) => `<${data}>` },
      });
      const [byDefault] = await context.createCallback("by-default");
      return [await perCall, await byDefault];
    });
    const runner = new LocalDurableRunner({ handler });
    const running = runner.run({
      onOperationUpdate: (operation) => {
        if (operation.Type === "CALLBACK" && operation.Status === "STARTED") {
          const id = operation.CallbackDetails?.CallbackId as string;
          void runner.service.sendDurableExecutionCallbackSuccess({ CallbackId: id, Result: '{"ok":true}' });
        }
      },
    });
    const result = await running;
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual([{ ok: true }, '<{"ok":true}>']);
  });

  it("returns a callback completed before the handler awaits it", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const [answer] = await context.createCallback("early");
      await context.wait({ seconds: 10 });
      return answer;
    });
    const runner = new LocalDurableRunner({ handler });
    const result = await runner.run({
      onOperationUpdate: (operation) => {
        if (operation.Name === "early" && operation.Status === "STARTED") {
          const id = operation.CallbackDetails?.CallbackId as string;
          void runner.service.sendDurableExecutionCallbackSuccess({ CallbackId: id, Result: "done early" });
        }
      },
    });
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("done early");
  });

  it("rejects with CallbackTimeoutError when the callback times out", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const [answer] = await context.createCallback("slow", { timeout: { minutes: 5 } });
      try {
        return await answer;
      } catch (error) {
        return {
          timeout: error instanceof CallbackTimeoutError,
          callbackError: error instanceof CallbackError,
          causeName:
            (error as Error).cause instanceof Error ? ((error as Error).cause as Error).name : undefined,
        };
      }
    });
    const runner = new LocalDurableRunner({ handler });
    const result = await runner.run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toMatchObject({ timeout: true, callbackError: true });
    expect(result.getOperation("slow")?.Status).toBe("TIMED_OUT");
  });

  it("stays alive while heartbeats arrive within the heartbeat timeout", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const [answer] = await context.createCallback("job", {
        timeout: { hours: 1 },
        heartbeatTimeout: { seconds: 60 },
      });
      try {
        return await answer;
      } catch (error) {
        return error instanceof CallbackTimeoutError ? "stalled" : "other";
      }
    });
    const runner = new LocalDurableRunner({ handler, skipTime: false });
    const job = runner.waitForOperation("job");
    const running = runner.run();
    const handle = await job;
    for (let beat = 0; beat < 3; beat += 1) {
      runner.clock.advanceBy(45_000);
      await handle.sendCallbackHeartbeat();
    }
    await handle.sendCallbackSuccess("finished");
    const result = await running;
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe("finished");
    expect(result.getOperation("job")?.Status).toBe("SUCCEEDED");
  });

  it("rejects with CallbackExternalError carrying the sent error", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      const [answer] = await context.createCallback("refused");
      try {
        return await answer;
      } catch (error) {
        const e = error as CallbackExternalError;
        return {
          external: error instanceof CallbackExternalError,
          message: e.message,
          data: e.errorData,
          causeName: e.cause?.name,
        };
      }
    });
    const runner = new LocalDurableRunner({ handler });
    const refused = runner.waitForOperation("refused");
    const running = runner.run();
    await (await refused).sendCallbackFailure({
      ErrorType: "Rejected",
      ErrorMessage: "no way",
      ErrorData: "42",
    });
    const result = await running;
    expect(result.result).toEqual({ external: true, message: "no way", data: "42", causeName: "Rejected" });
  });
});

describe("waitForCallback", () => {
  it("runs the submitter once with the callback id and returns the raw result", async () => {
    const submitted: string[] = [];
    const handler = withDurableExecution(async (_event, context) =>
      context.waitForCallback("approval", async (callbackId, { logger }) => {
        expect(typeof logger.info).toBe("function");
        submitted.push(callbackId);
      }),
    );
    const runner = new LocalDurableRunner({ handler });
    const approval = runner.waitForOperation("approval", { status: "STARTED" });
    const running = runner.run();
    await (await approval).sendCallbackSuccess('{"ok":true}');
    const result = await running;

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe('{"ok":true}');
    expect(submitted).toHaveLength(1);
    const context = result.getOperation("approval");
    expect(context).toMatchObject({ Type: "CONTEXT", SubType: "WaitForCallback", Status: "SUCCEEDED" });
    const children = result.getChildOperations(context as never);
    expect(children.map((op) => [op.Type, op.SubType, op.Name])).toEqual([
      ["CALLBACK", "Callback", undefined],
      ["STEP", "Step", undefined],
    ]);
    expect(children[0]?.CallbackDetails?.CallbackId).toBe(submitted[0]);
  });

  it("rejects with CallbackSubmitterError when the submitter fails for good", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      try {
        await context.waitForCallback(
          "broken",
          async () => {
            throw new Error("mail server down");
          },
          { retryStrategy: () => ({ shouldRetry: false }) },
        );
        return "unexpected";
      } catch (error) {
        return {
          submitter: error instanceof CallbackSubmitterError,
          name: (error as Error).name,
          message: (error as Error).message,
        };
      }
    });
    const runner = new LocalDurableRunner({ handler });
    const result = await runner.run();
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toEqual({
      submitter: true,
      name: "CallbackSubmitterError",
      message: "mail server down",
    });
    expect(result.getOperation("broken")?.Status).toBe("FAILED");
  });

  it("passes a callback timeout through unchanged", async () => {
    const handler = withDurableExecution(async (_event, context) => {
      try {
        return await context.waitForCallback("late", async () => {}, { timeout: { seconds: 30 } });
      } catch (error) {
        return (error as Error).name;
      }
    });
    const result = await new LocalDurableRunner({ handler }).run();
    expect(result.result).toBe("CallbackTimeoutError");
  });
});
