import { ExecutionNotRedrivableError } from "@durable-lambda/client";
import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSetup, startLocal } from "./support/local-service.js";

const DAY_MS = 24 * 60 * 60 * 1000;

async function refusal(local: LocalSetup, executionArn: string): Promise<ExecutionNotRedrivableError> {
  const error = await local.executions.redrive(executionArn).catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ExecutionNotRedrivableError);
  return error as ExecutionNotRedrivableError;
}

describe("executions that cannot be redriven", () => {
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(
        async (event: { outcome: "fail" | "succeed" | "wait" | "big" }, context) => {
          if (event.outcome === "wait") return (await context.createCallback("approval"))[0];
          if (event.outcome === "big") {
            // 12,500 items: a started and a succeeded event each, 25,000 events and more in all.
            await context.map(
              "many",
              Array.from({ length: 12_500 }, (_, index) => index),
              async () => 0,
            );
          }
          if (event.outcome !== "succeed") throw new Error("failed on purpose");
          return "ok";
        },
        { ...config, redrive: true },
      ),
    );
  });
  afterAll(() => local.close());

  it("a RUNNING one, then the same once it SUCCEEDED", async () => {
    const waiting = local.runner.waitForOperation("approval");
    const running = local.runner.run({ input: { outcome: "wait" }, executionName: "waiting-1" });
    const handle = await waiting;

    const whileRunning = await local.executions.describe(handle.executionArn);
    const runningRefusal = await refusal(local, handle.executionArn);
    await handle.sendCallbackSuccess("done");
    await running;
    const succeeded = await local.executions.describe(handle.executionArn);
    const succeededRefusal = await refusal(local, handle.executionArn);

    expect(whileRunning).toMatchObject({ status: "RUNNING", redriveStatus: "NOT_REDRIVABLE" });
    expect(whileRunning.redriveStatusReason).toContain("Execution is RUNNING and cannot be redriven");
    expect(runningRefusal.condition).toBe("status");
    expect(runningRefusal.message).toContain(`Cannot redrive ${handle.executionArn}. Execution is RUNNING`);
    expect(succeeded.redriveStatusReason).toContain("Execution is SUCCEEDED and cannot be redriven");
    expect(succeededRefusal.condition).toBe("status");
  });

  it("one that ended more than 14 days ago", async () => {
    const failed = await local.runner.run({ input: { outcome: "fail" }, executionName: "old-1" });
    local.runner.clock.advanceBy(14 * DAY_MS - 60_000);
    expect((await local.executions.describe(failed.executionArn)).redriveStatus).toBe("REDRIVABLE");
    local.runner.clock.advanceBy(61_000);

    const described = await local.executions.describe(failed.executionArn);
    const error = await refusal(local, failed.executionArn);

    expect(described.redriveStatus).toBe("NOT_REDRIVABLE");
    expect(described.redriveStatusReason).toContain("Execution redrivable period exceeded");
    expect(error.condition).toBe("redrivablePeriod");
  });

  it("one whose history has 25,000 events or more", async () => {
    // The history is what matters, not the code that wrote it: checkpoint 25,000 step results
    // straight to the service, as an engine would, then fail the execution.
    const service = local.runner.service;
    const executionArn = service.startExecution({
      functionName: "orders",
      input: "{}",
      executionName: "big-1",
    });
    let token = service.startInvocation(executionArn).CheckpointToken;
    for (let batch = 0; batch < 100; batch++) {
      const Updates = Array.from({ length: 250 }, (_, index) => ({
        Id: `step-${batch}-${index}`,
        Type: "STEP" as const,
        SubType: "Step",
        Action: "SUCCEED" as const,
        Payload: "0",
      }));
      const response = await service.checkpointDurableExecution({
        DurableExecutionArn: executionArn,
        CheckpointToken: token,
        Updates,
      });
      token = response.CheckpointToken as string;
    }
    service.completeInvocation(executionArn, {
      Status: "FAILED",
      Error: { ErrorType: "Error", ErrorMessage: "failed on purpose" },
    });

    const described = await local.executions.describe(executionArn);
    const error = await refusal(local, executionArn);

    expect(service.getHistory(executionArn).length).toBeGreaterThanOrEqual(25_000);
    expect(described.redriveStatusReason).toContain("Execution history event limit exceeded");
    expect(error.condition).toBe("historySize");
  }, 60_000); // 25,000 events are read back twice over HTTP: slow on a loaded machine

  it("one whose name leaves no room for the redrive's", async () => {
    const failed = await local.runner.run({ input: { outcome: "fail" }, executionName: "n".repeat(60) });

    const described = await local.executions.describe(failed.executionArn);
    const error = await refusal(local, failed.executionArn);

    expect(described.redriveStatusReason).toContain("too long to name its redrive");
    expect(error.condition).toBe("nameLength");
  });
});
