import {
  ExecutionAlreadyStartedError,
  ExecutionNotFoundError,
  InvalidClientArgumentError,
} from "@durable-lambda/client";
import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { collect, type LocalSetup, startLocal } from "./support/local-service.js";

describe("start", () => {
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (event: { orderId: string }, context) => {
        await context.wait("settle", { minutes: 1 });
        return context.step("ship", async () => `shipped ${event.orderId}`);
      }, config),
    );
  });
  afterAll(() => local.close());

  it("starts a durable execution by name over Invoke and returns its ARN", async () => {
    const executionArn = await local.executions.start("orders", { orderId: "o-1" }, { name: "order-o-1" });
    await local.runner.service.waitForCompletion(executionArn);

    const description = await local.executions.describe(executionArn);
    expect(executionArn).toMatch(/:function:orders:\$LATEST\/durable-execution\/order-o-1\//);
    expect(description).toMatchObject({ name: "order-o-1", status: "SUCCEEDED", output: '"shipped o-1"' });
  });

  it("returns the same execution for the same name and input, and refuses another input", async () => {
    const first = await local.executions.start("orders", { orderId: "o-2" }, { name: "order-o-2" });
    const again = await local.executions.start("orders", { orderId: "o-2" }, { name: "order-o-2" });
    const clash = await local.executions
      .start("orders", { orderId: "o-3" }, { name: "order-o-2" })
      .catch((error: unknown) => error);

    expect(again).toBe(first);
    expect(clash).toBeInstanceOf(ExecutionAlreadyStartedError);
    expect((clash as Error).message).toContain('already has a durable execution named "order-o-2"');
    await local.runner.service.waitForCompletion(first);
  });

  it("waits for the first invocation with wait: true", async () => {
    const executionArn = await local.executions.start(
      "orders",
      { orderId: "o-4" },
      { name: "order-o-4", wait: true },
    );

    const [first] = await collect(local.executions.history(executionArn));
    expect(first?.EventType).toBe("ExecutionStarted");
    await local.runner.service.waitForCompletion(executionArn);
  });

  it("refuses a function that is not durable, saying how to make it one", async () => {
    local.runner.registerFunction("plain", async () => "not durable");

    const error = await local.executions.start("plain", {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(InvalidClientArgumentError);
    expect((error as Error).message).toContain("plain answered without a durable execution ARN");
  });

  it("names an unknown function in ExecutionNotFoundError", async () => {
    const error = await local.executions.start("no-such-function", {}).catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(ExecutionNotFoundError);
    expect((error as ExecutionNotFoundError).resource).toBe("no-such-function");
  });
});

describe("list", () => {
  let local: LocalSetup;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (event: { fail: boolean }, context) => {
        await context.step("work", async () => {
          if (event.fail) throw new Error("failed on purpose");
        });
        return "ok";
      }, config),
    );
    for (let index = 1; index <= 5; index++) {
      await local.runner.run({ input: { fail: index % 2 === 0 }, executionName: `run-${index}` });
      local.runner.clock.advanceBy(60_000);
    }
  });
  afterAll(() => local.close());

  it("follows Marker pages over every execution of the function", async () => {
    const all = await collect(local.executions.list("orders", { pageSize: 2 }));

    expect(all.map((execution) => execution.name)).toEqual(["run-1", "run-2", "run-3", "run-4", "run-5"]);
    expect(all[0]).toMatchObject({
      status: "SUCCEEDED",
      functionArn: expect.stringContaining(":function:orders"),
    });
    expect(all[0]?.startDate).toBeInstanceOf(Date);
    expect(all[0]?.stopDate).toBeInstanceOf(Date);
    expect(
      local.runner.service.requests.filter((request) => request.api === "listByFunction").length,
    ).toBeGreaterThanOrEqual(3);
  });

  it("filters by status, name and start date, newest first on request", async () => {
    const failed = await collect(local.executions.list("orders", { statuses: ["FAILED"] }));
    const named = await collect(local.executions.list("orders", { name: "run-3" }));
    const third = (named[0] as { startDate: Date }).startDate;
    const later = await collect(local.executions.list("orders", { startedAfter: third, reverseOrder: true }));

    expect(failed.map((execution) => execution.name)).toEqual(["run-2", "run-4"]);
    expect(named.map((execution) => execution.name)).toEqual(["run-3"]);
    expect(later.map((execution) => execution.name)).toEqual(["run-5", "run-4"]);
  });
});
