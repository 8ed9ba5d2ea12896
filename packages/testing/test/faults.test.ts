import { type DurableContext, withDurableExecution } from "@aws/durable-execution-sdk-js";
import { LambdaClient } from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import {
  createServiceError,
  type LocalDurableHandler,
  LocalDurableRunner,
  LocalDurableService,
  VirtualClock,
} from "../src/index.js";
import { expectServiceError, newService, openInvocation, step } from "./support/harness.js";

function counterWorkflow() {
  const runs = { work: 0 };
  const workflow = async (_event: unknown, ctx: DurableContext) => {
    const value = await ctx.step("work", async () => {
      runs.work += 1;
      return 7;
    });
    return ctx.step("after", async () => value * 6);
  };
  return { runs, handler: withDurableExecution(workflow), workflow };
}

describe("fault injection: the schedule", () => {
  it("skips afterCalls calls, fails `times` calls, then recovers", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const fault = service.injectFault({ api: "checkpoint", error: "throttle", afterCalls: 1, times: 2 });
    await invocation.checkpoint([]);
    await expectServiceError(invocation.checkpoint([]), "TooManyRequestsException", "Rate exceeded", 429);
    await expectServiceError(invocation.checkpoint([]), "TooManyRequestsException", "Rate exceeded", 429);
    await invocation.checkpoint([]);
    expect(fault.triggered).toBe(2);
  });

  it("only affects the chosen API and can be removed", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const fault = service.injectFault({ api: "getState", error: "server", times: Number.POSITIVE_INFINITY });
    await invocation.checkpoint([]);
    const getState = () =>
      service.getDurableExecutionState({
        DurableExecutionArn: invocation.arn,
        CheckpointToken: invocation.token,
      });
    await expectServiceError(
      getState(),
      "ServiceException",
      "The service encountered an internal error",
      500,
    );
    await expectServiceError(
      getState(),
      "ServiceException",
      "The service encountered an internal error",
      500,
    );
    fault.remove();
    await getState();
  });

  it("applies a persisted fault's request before failing, and records both", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    const token = invocation.token;
    service.injectFault({ api: "checkpoint", error: "server", persist: true });
    await expectServiceError(
      invocation.checkpoint([step("s", "SUCCEED", { Payload: "1" })]),
      "ServiceException",
      "The service",
    );
    expect(service.getOperations(invocation.arn).find((op) => op.Id === "s")?.Status).toBe("SUCCEEDED");
    const record = service.requests.at(-1);
    expect(record?.response).toBeDefined();
    expect(record?.error?.name).toBe("ServiceException");
    // The lost response's token was consumed: retrying without a ClientToken is a stale token.
    await expectServiceError(
      service.checkpointDurableExecution({
        DurableExecutionArn: invocation.arn,
        CheckpointToken: token,
        Updates: [],
      }),
      "InvalidParameterValueException",
      "Invalid Checkpoint Token",
    );
  });

  it("accepts any error object, for example a KMS error", async () => {
    const service = newService();
    const invocation = openInvocation(service);
    service.injectFault({
      api: "checkpoint",
      error: createServiceError("KMSAccessDeniedException", "Access denied to the key.", {
        httpStatusCode: 502,
      }),
    });
    await expectServiceError(invocation.checkpoint([]), "KMSAccessDeniedException", "Access denied", 502);
  });
});

describe("fault injection: how the official SDK copes", () => {
  it.each(["throttle", "server", "staleToken", "network"] as const)(
    "retries the invocation after a %s fault on checkpoint",
    async (fault) => {
      const { handler, runs } = counterWorkflow();
      const runner = new LocalDurableRunner({ handler });
      runner.service.injectFault({ api: "checkpoint", error: fault });

      const result = await runner.run();

      expect(result.status).toBe("SUCCEEDED");
      expect(result.result).toBe(42);
      expect(result.invocations).toHaveLength(2);
      expect(result.invocations[0]?.error).toBeDefined();
      expect(runs.work).toBe(2);
    },
  );

  it("fails the execution on a non-token 4xx", async () => {
    const { handler } = counterWorkflow();
    const runner = new LocalDurableRunner({ handler });
    runner.service.injectFault({ api: "checkpoint", error: "badRequest" });
    const result = await runner.run();
    expect(result.status).toBe("FAILED");
    expect(result.invocations).toHaveLength(1);
    expect(result.invocations[0]?.output?.Status).toBe("FAILED");
  });

  it("fails the execution on a KMS error", async () => {
    const { handler } = counterWorkflow();
    const runner = new LocalDurableRunner({ handler });
    runner.service.injectFault({
      api: "checkpoint",
      error: createServiceError("KMSDisabledException", "The key is disabled.", { httpStatusCode: 502 }),
    });
    const result = await runner.run();
    expect(result.status).toBe("FAILED");
    expect(result.invocations).toHaveLength(1);
  });

  it("does not redo a step whose checkpoint was persisted before the response was lost", async () => {
    const { handler, runs } = counterWorkflow();
    const runner = new LocalDurableRunner({ handler });
    runner.service.injectFault({ api: "checkpoint", error: "server", persist: true });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(runs.work).toBe(1);
    expect(result.invocations).toHaveLength(2);
    expect(result.getOperation("work")?.StepDetails?.Attempt).toBe(1);
  });

  it("retries the invocation when paging the state fails", async () => {
    const service = new LocalDurableService({ clock: new VirtualClock(), initialStatePageSize: 1 });
    const handler = withDurableExecution(async (_event: unknown, ctx) => {
      const a = await ctx.step("a", async () => 1);
      await ctx.wait({ seconds: 10 });
      return a + 1;
    });
    const runner = new LocalDurableRunner({ handler, service });
    service.injectFault({ api: "getState", error: "server" });

    const result = await runner.run();

    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe(2);
    expect(result.invocations.map((invocation) => invocation.error === undefined)).toEqual([
      true,
      false,
      true,
    ]);
  });

  it("fails the execution when every invocation keeps failing", async () => {
    const { handler } = counterWorkflow();
    const runner = new LocalDurableRunner({ handler, maxInvocationRetries: 2 });
    runner.service.injectFault({ api: "checkpoint", error: "server", times: Number.POSITIVE_INFINITY });
    const result = await runner.run();
    expect(result.status).toBe("FAILED");
    expect(result.invocations).toHaveLength(3);
    expect(result.error?.ErrorType).toBe(result.invocations[2]?.error?.ErrorType);
  });

  it("over HTTP, the AWS SDK's own retry of a lost response is answered once thanks to ClientToken", async () => {
    const { workflow, runs } = counterWorkflow();
    let handler: LocalDurableHandler = () => {
      throw new Error("not ready");
    };
    const runner = new LocalDurableRunner({
      handler: (event, context) => handler(event, context),
      transport: "http",
    });
    try {
      const endpoint = (await runner.start()) as string;
      const client = new LambdaClient({
        endpoint,
        region: "us-east-1",
        credentials: { accessKeyId: "x", secretAccessKey: "x" },
        maxAttempts: 2,
      });
      handler = withDurableExecution(workflow, { client });
      runner.service.injectFault({ api: "checkpoint", error: "server", persist: true });

      const result = await runner.run();

      expect(result.status).toBe("SUCCEEDED");
      expect(result.invocations).toHaveLength(1);
      expect(runs.work).toBe(1);
      const checkpoints = runner.service.requests.filter((record) => record.api === "checkpoint");
      const [failed, retried] = checkpoints;
      expect(failed?.error?.name).toBe("ServiceException");
      expect(retried?.params).toEqual(failed?.params);
      expect(retried?.response).toEqual(failed?.response);
    } finally {
      await runner.close();
    }
  });
});
