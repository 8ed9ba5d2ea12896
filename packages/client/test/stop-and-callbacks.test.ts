import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSetup, startLocal } from "./support/local-service.js";

describe("callbacks", () => {
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (event: { callback: string }, context) => {
        const [approval] = await context.createCallback(event.callback);
        try {
          return `approved: ${await approval}`;
        } catch (error) {
          return `rejected: ${(error as Error).message}`;
        }
      }, config),
    );
  });
  afterAll(() => local.close());

  it("completes a waiting execution with sendCallbackSuccess, sending objects as JSON", async () => {
    const approval = local.runner.waitForOperation("approval-1");
    const running = local.runner.run({ input: { callback: "approval-1" } });
    const callbackId = await (await approval).getCallbackId();

    await local.executions.sendCallbackHeartbeat(callbackId);
    await local.executions.sendCallbackSuccess(callbackId, { by: "ada" });

    const result = await running;
    expect(result.status).toBe("SUCCEEDED");
    expect(result.result).toBe('approved: {"by":"ada"}');
    expect(result.eventTypes()).toContain("CallbackSucceeded");
  });

  it("fails the waiting operation with sendCallbackFailure", async () => {
    const approval = local.runner.waitForOperation("approval-2");
    const running = local.runner.run({ input: { callback: "approval-2" } });

    await local.executions.sendCallbackFailure(await (await approval).getCallbackId(), {
      errorType: "Rejected",
      errorMessage: "over budget",
    });

    const result = await running;
    expect(result.result).toBe("rejected: over budget");
    expect(result.getEvents("CallbackFailed")[0]?.CallbackFailedDetails?.Error?.Payload).toMatchObject({
      ErrorType: "Rejected",
      ErrorMessage: "over budget",
    });
  });
});

describe("stop", () => {
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (_event, context) => {
        const [never] = await context.createCallback("never");
        return never;
      }, config),
    );
  });
  afterAll(() => local.close());

  it("ends a running execution as STOPPED with the given error", async () => {
    const waiting = local.runner.waitForOperation("never");
    const running = local.runner.run();
    const executionArn = (await waiting).executionArn;

    const { stopDate } = await local.executions.stop(executionArn, {
      errorType: "Cancelled",
      errorMessage: "order withdrawn",
    });

    await running;
    const execution = local.runner.inspect(executionArn).execution;
    expect(execution.Status).toBe("STOPPED");
    expect(execution.Error).toMatchObject({ ErrorType: "Cancelled", ErrorMessage: "order withdrawn" });
    expect(stopDate.getTime()).toBe(execution.EndTimestamp?.getTime());
  });
});
