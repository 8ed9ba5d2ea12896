import type { Event } from "@aws-sdk/client-lambda";
import { meterHistory } from "@durable-lambda/client";
import { describe, expect, it } from "vitest";

const bytes = (text: string): number => Buffer.byteLength(text, "utf8");

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
