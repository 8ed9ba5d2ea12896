import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  classifyCheckpointError,
  toCheckpointFailure,
} from "../../src/checkpoint/classify-checkpoint-error.js";
import {
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  DurableExecutionClientError,
} from "../../src/errors/index.js";

function awsError(name: string, status: number | undefined, message = "failed", requestId = "req-123") {
  return Object.assign(new Error(message), {
    name,
    $fault: "client",
    $metadata: { httpStatusCode: status, requestId },
  });
}

describe("classifyCheckpointError", () => {
  it("honours the scope of a DurableExecutionClientError before anything else", () => {
    const execution = new DurableExecutionClientError("x", { scope: "EXECUTION" });
    const invocationWith400 = Object.assign(new DurableExecutionClientError("x", { scope: "INVOCATION" }), {
      $metadata: { httpStatusCode: 400 },
    });

    expect(classifyCheckpointError(execution)).toBe("EXECUTION");
    expect(classifyCheckpointError(invocationWith400)).toBe("INVOCATION");
  });

  it("retries the invocation on a stale checkpoint token", () => {
    expect(
      classifyCheckpointError(awsError("InvalidParameterValueException", 400, "Invalid Checkpoint Token: x")),
    ).toBe("INVOCATION");
  });

  it("fails the execution on any other InvalidParameterValueException", () => {
    expect(
      classifyCheckpointError(awsError("InvalidParameterValueException", 400, "Payload too large")),
    ).toBe("EXECUTION");
  });

  it.each([
    "KMSAccessDeniedException",
    "KMSDisabledException",
    "KMSInvalidStateException",
    "KMSNotFoundException",
  ])("fails the execution on %s whatever the status", (name) => {
    expect(classifyCheckpointError(awsError(name, 502))).toBe("EXECUTION");
    expect(classifyCheckpointError(awsError(name, 400))).toBe("EXECUTION");
    expect(classifyCheckpointError(awsError(name, undefined))).toBe("EXECUTION");
  });

  it.each([400, 403, 404, 409, 413, 499])("fails the execution on other 4xx (%i)", (status) => {
    expect(classifyCheckpointError(awsError("AccessDeniedException", status))).toBe("EXECUTION");
  });

  it("retries the invocation on 429", () => {
    expect(classifyCheckpointError(awsError("TooManyRequestsException", 429))).toBe("INVOCATION");
  });

  it.each([500, 502, 503])("retries the invocation on %i", (status) => {
    expect(classifyCheckpointError(awsError("ServiceException", status))).toBe("INVOCATION");
  });

  it("retries the invocation on network and unknown errors", () => {
    expect(classifyCheckpointError(Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }))).toBe(
      "INVOCATION",
    );
    expect(classifyCheckpointError("weird")).toBe("INVOCATION");
    expect(classifyCheckpointError(undefined)).toBe("INVOCATION");
  });

  it("classifies every 5xx and 429 as INVOCATION whatever the name or message", () => {
    fc.assert(
      fc.property(
        fc.oneof(fc.integer({ min: 500, max: 599 }), fc.constant(429)),
        fc.string(),
        fc.string(),
        (status, name, message) => {
          fc.pre(!name.startsWith("KMS"));
          expect(classifyCheckpointError(awsError(name, status, message))).toBe("INVOCATION");
        },
      ),
    );
  });
});

describe("toCheckpointFailure", () => {
  it("wraps an execution-scoped failure with code, status and request id", () => {
    const cause = awsError("AccessDeniedException", 403, "not allowed", "req-9");

    const failure = toCheckpointFailure(cause, "checkpoint");

    expect(failure).toBeInstanceOf(CheckpointUnrecoverableExecutionError);
    expect(failure.cause).toBe(cause);
    expect(failure).toMatchObject({
      errorCode: "AccessDeniedException",
      statusCode: 403,
      requestId: "req-9",
    });
    expect(failure.message).toMatch(/^Failed to checkpoint the durable execution: not allowed/);
    expect(failure.message).toContain("req-9");
    expect(failure.message).toContain("FAILED");
  });

  it("wraps an invocation-scoped failure of getExecutionState", () => {
    const failure = toCheckpointFailure(awsError("ServiceException", 500), "getExecutionState");

    expect(failure).toBeInstanceOf(CheckpointUnrecoverableInvocationError);
    expect(failure.scope).toBe("INVOCATION");
    expect(failure.message).toMatch(/^Failed to get the durable execution state/);
    expect(failure.message).toContain("Lambda retries");
  });
});
