import type { Event } from "@aws-sdk/client-lambda";
import { meterHistory } from "@durable-lambda/client";
import { withDurableExecution } from "@durable-lambda/core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalSetup, startLocal } from "./support/local-service.js";

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

describe("metering of a known workflow", () => {
  let local: LocalSetup;
  let executionArn: string;
  beforeAll(async () => {
    local = await startLocal((config) =>
      withDurableExecution(async (event: { id: string }, context) => {
        const item = await context.step("load", async () => ({ sku: "A" }));
        const paid = await context.step(
          "charge",
          async (step) => {
            if (step.attempt === 1) throw new Error("declined");
            return "paid";
          },
          { retryStrategy: (_error, attempt) => ({ shouldRetry: attempt < 2, delay: { seconds: 1 } }) },
        );
        await context.wait("cool-off", { seconds: 5 });
        const doubled = await context.map("double", [1, 2], async (_child, n) => n * 10);
        const child = await context.runInChildContext("child", async (inner) =>
          inner.step("inner", async () => "x"),
        );
        const approved = await context.waitForCallback("approve", async () => undefined);
        return { id: event.id, item, paid, sum: doubled.getResults().length, child, approved };
      }, config),
    );
    const approval = local.runner.waitForOperation("approve");
    const running = local.runner.run({ input: { id: "o-1" } });
    await (await approval).sendCallbackSuccess("yes");
    executionArn = (await running).executionArn;
  });
  afterAll(() => local.close());

  it("counts what the metering table says, computed by hand", async () => {
    // The payloads each operation persists, written out by hand.
    const input = '{"id":"o-1"}';
    const output = '{"id":"o-1","item":{"sku":"A"},"paid":"paid","sum":2,"child":"x","approved":"yes"}';
    const declined = '{"ErrorMessage":"declined","ErrorType":"Error"}';
    const mapResult =
      '{"all":[{"result":10,"index":0,"status":"SUCCEEDED"},{"result":20,"index":1,"status":"SUCCEEDED"}],' +
      '"completionReason":"ALL_COMPLETED"}';
    // Execution: started 1 (its input), completed 0 (its output).
    const execution = { operations: 1, bytesWritten: bytes(input) + bytes(output) };
    // Steps, 1 + retries each: load 1, charge 2 (a failed attempt, then "paid"), inner 1, the
    // waitForCallback submitter 1 (returns nothing).
    const step = {
      operations: 1 + 2 + 1 + 1,
      bytesWritten: bytes('{"sku":"A"}') + bytes(declined) + bytes('"paid"') + bytes('"x"'),
    };
    // Wait 1; callback 1, its completion 0 operations and the callback payload.
    const wait = { operations: 1, bytesWritten: 0 };
    const callback = { operations: 1, bytesWritten: bytes("yes") };
    // Contexts: map 1 + 2 iterations, runInChildContext 1, the waitForCallback context 1.
    const context = {
      operations: 1 + 2 + 1 + 1,
      bytesWritten: bytes(mapResult) + bytes("10") + bytes("20") + bytes('"x"') + bytes('"yes"'),
    };

    const { metering } = await local.executions.describe(executionArn);

    expect(metering.byKind).toEqual({
      execution,
      step,
      waitForCondition: { operations: 0, bytesWritten: 0 },
      wait,
      callback,
      context,
      chainedInvoke: { operations: 0, bytesWritten: 0 },
      invocationRetry: { operations: 0, bytesWritten: 0 },
    });
    expect(metering.billedOperations).toBe(13);
    expect(metering.bytesWritten).toBe(
      execution.bytesWritten + step.bytesWritten + callback.bytesWritten + context.bytesWritten,
    );
    // waitForCallback = context + callback + submitter step; map = 1 + N contexts.
    expect(1 + 1 + 1).toBe(3);
  });
});

describe("metering rules", () => {
  const event = (EventType: string, extra: Partial<Event> = {}): Event => ({ EventType, ...extra }) as Event;
  const error = { ErrorType: "Sandbox.Timedout", ErrorMessage: "timed out" };

  it("bills a failed invocation that was retried, but not the last one", () => {
    const metering = meterHistory([
      event("ExecutionStarted", {
        ExecutionStartedDetails: { Input: { Payload: "{}" }, ExecutionTimeout: undefined },
      }),
      event("InvocationCompleted", { InvocationCompletedDetails: { Error: { Payload: error } } as never }),
      event("InvocationCompleted", { InvocationCompletedDetails: { Error: { Payload: error } } as never }),
      event("ExecutionFailed", { ExecutionFailedDetails: { Error: { Payload: error } } }),
    ]);

    expect(metering.byKind.invocationRetry).toEqual({
      operations: 1,
      bytesWritten: bytes(JSON.stringify(error)),
    });
    expect(metering.byKind.execution).toEqual({
      operations: 1,
      bytesWritten: 2 + bytes(JSON.stringify(error)),
    });
  });

  it("bills each waitForCondition poll with its state", () => {
    const poll = (Payload: string): Event =>
      event("StepSucceeded", {
        SubType: "WaitForCondition",
        StepSucceededDetails: { Result: { Payload }, RetryDetails: {} },
      });

    const metering = meterHistory([poll('{"n":1}'), poll('{"n":2}'), poll('{"n":3}')]);

    expect(metering.byKind.waitForCondition).toEqual({ operations: 3, bytesWritten: 21 });
    expect(metering.byKind.step.operations).toBe(0);
  });

  it("counts UTF-8 bytes, not characters", () => {
    const metering = meterHistory([
      event("StepSucceeded", { StepSucceededDetails: { Result: { Payload: '"é"' }, RetryDetails: {} } }),
    ]);

    expect(metering.bytesWritten).toBe(4);
  });
});
