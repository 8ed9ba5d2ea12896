import { describe, expect, it } from "vitest";
import {
  awsErrorMetadata,
  BatchCompletionError,
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  ChildContextError,
  DurableConfigurationError,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  DurableOperationError,
  errorObjectFromError,
  INVALID_DURABLE_EVENT_MESSAGE_PREFIX,
  InvalidDurableEventError,
  InvocationSuspendedError,
  InvokeError,
  isDurableExecutionClientError,
  isSuspension,
  isUnrecoverableError,
  NonDeterministicExecutionError,
  PromiseCombinatorError,
  reconstructError,
  SerdesFailedError,
  StepError,
  StepInterruptedError,
  WaitForConditionError,
} from "../../src/errors/index.js";

describe("DurableOperationError subclasses", () => {
  const cases = [
    [StepError, "StepError", "Step failed"],
    [CallbackError, "CallbackError", "Callback failed"],
    [CallbackExternalError, "CallbackExternalError", "Callback failed"],
    [CallbackTimeoutError, "CallbackTimeoutError", "Callback timed out"],
    [CallbackSubmitterError, "CallbackSubmitterError", "Callback submitter failed"],
    [InvokeError, "InvokeError", "Invoke failed"],
    [ChildContextError, "ChildContextError", "Child context failed"],
    [WaitForConditionError, "WaitForConditionError", "Wait for condition failed"],
    [PromiseCombinatorError, "PromiseCombinatorError", "Promise combinator failed"],
  ] as const;

  it.each(cases)("%o has name, errorType and a default message", (Cls, type, defaultMessage) => {
    const error = new Cls();

    expect(error).toBeInstanceOf(DurableOperationError);
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe(type);
    expect(error.errorType).toBe(type);
    expect(error.message).toBe(defaultMessage);
  });

  it("keeps message, cause and errorData", () => {
    const cause = new TypeError("inner");

    const error = new InvokeError("outer", cause, "data");

    expect(error.message).toBe("outer");
    expect(error.cause).toBe(cause);
    expect(error.errorData).toBe("data");
  });

  it("makes the three specific callback errors CallbackErrors", () => {
    expect(new CallbackExternalError()).toBeInstanceOf(CallbackError);
    expect(new CallbackTimeoutError()).toBeInstanceOf(CallbackError);
    expect(new CallbackSubmitterError()).toBeInstanceOf(CallbackError);
    expect(new InvokeError()).not.toBeInstanceOf(CallbackError);
  });

  it("gives BatchCompletionError a completion reason and a message naming it", () => {
    const error = new BatchCompletionError("CUSTOM_COMPLETION_FAILED");

    expect(error.completionReason).toBe("CUSTOM_COMPLETION_FAILED");
    expect(error.message).toContain("CUSTOM_COMPLETION_FAILED");
    expect(error.name).toBe("BatchCompletionError");
  });
});

describe("DurableOperationError.fromErrorObject", () => {
  it.each([
    ["StepError", StepError],
    ["CallbackError", CallbackError],
    ["CallbackExternalError", CallbackExternalError],
    ["CallbackTimeoutError", CallbackTimeoutError],
    ["CallbackSubmitterError", CallbackSubmitterError],
    ["InvokeError", InvokeError],
    ["ChildContextError", ChildContextError],
    ["WaitForConditionError", WaitForConditionError],
    ["PromiseCombinatorError", PromiseCombinatorError],
    ["BatchCompletionError", BatchCompletionError],
  ] as const)("rebuilds %s as its class", (type, Cls) => {
    const error = DurableOperationError.fromErrorObject({
      ErrorType: type,
      ErrorMessage: "msg",
      ErrorData: "d",
    });

    expect(error).toBeInstanceOf(Cls);
    expect(error.constructor).toBe(Cls);
    expect(error.message).toBe("msg");
    expect(error.errorData).toBe("d");
  });

  it("rebuilds an unknown type as a StepError whose cause carries the original name", () => {
    const error = DurableOperationError.fromErrorObject({ ErrorType: "MyErr", ErrorMessage: "boom" });

    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toBe("boom");
    expect(error.cause).toBeInstanceOf(Error);
    expect(error.cause?.name).toBe("MyErr");
    expect(error.cause?.message).toBe("boom");
  });

  it("uses the class's default message when the stored one is empty", () => {
    expect(
      DurableOperationError.fromErrorObject({ ErrorType: "CallbackTimeoutError", ErrorMessage: "" }).message,
    ).toBe("Callback timed out");
    expect(DurableOperationError.fromErrorObject({}).message).toBe("Unknown error");
  });

  it("names the cause Error when no type is stored and joins a stored stack", () => {
    const error = DurableOperationError.fromErrorObject({ ErrorMessage: "x", StackTrace: ["a", "b"] });

    expect(error.cause?.name).toBe("Error");
    expect(error.cause?.stack).toBe("a\nb");
  });
});

describe("DurableOperationError.toErrorObject", () => {
  it("stores type, message and data but never a stack trace", () => {
    const error = new StepError("boom", new Error("inner"), "data");

    expect(error.toErrorObject()).toEqual({
      ErrorType: "StepError",
      ErrorMessage: "boom",
      ErrorData: "data",
      StackTrace: undefined,
    });
  });

  it("finds errorData on a wrapped DurableOperationError", () => {
    const inner = new StepError("inner", undefined, "deep-data");
    const middle = new Error("middle", { cause: inner });
    const outer = new ChildContextError("outer", middle);

    expect(outer.toErrorObject().ErrorData).toBe("deep-data");
  });

  it("stops looking after 10 cause links", () => {
    let node: Error = new StepError("deep", undefined, "too-deep");
    for (let i = 0; i < 10; i++) node = new Error(`level ${i}`, { cause: node });
    const outer = new ChildContextError("outer", node);

    expect(outer.toErrorObject().ErrorData).toBeUndefined();
  });

  it("round-trips through fromErrorObject", () => {
    const original = new CallbackExternalError("rejected", undefined, '{"code":1}');

    const rebuilt = DurableOperationError.fromErrorObject(original.toErrorObject());

    expect(rebuilt).toBeInstanceOf(CallbackExternalError);
    expect(rebuilt.toErrorObject()).toEqual(original.toErrorObject());
  });
});

describe("errorObjectFromError", () => {
  it("keeps only name and message of an ordinary error", () => {
    const error = Object.assign(new TypeError("bad input"), { extra: 1 });

    expect(errorObjectFromError(error)).toEqual({ ErrorType: "TypeError", ErrorMessage: "bad input" });
  });

  it("uses toErrorObject for durable operation errors", () => {
    expect(errorObjectFromError(new InvokeError("x", undefined, "d"))).toEqual(
      new InvokeError("x", undefined, "d").toErrorObject(),
    );
  });

  it("accepts error-like plain objects", () => {
    expect(errorObjectFromError({ name: "Custom", message: "m" })).toEqual({
      ErrorType: "Custom",
      ErrorMessage: "m",
    });
  });

  it.each([
    ["nope", "nope"],
    [42, "42"],
    [undefined, "undefined"],
    [{ a: 1 }, '{"a":1}'],
  ])("describes a thrown %o as a generic Error", (value, message) => {
    expect(errorObjectFromError(value)).toEqual({ ErrorType: "Error", ErrorMessage: message });
  });

  it("survives circular values and truncates long ones", () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;

    expect(errorObjectFromError(circular).ErrorMessage).toBe("[object Object]");
    expect(errorObjectFromError("x".repeat(5000)).ErrorMessage?.length).toBeLessThan(1100);
  });
});

describe("reconstructError", () => {
  it("rebuilds a stored error", () => {
    expect(reconstructError({ ErrorType: "InvokeError", ErrorMessage: "m" }, "fallback")).toBeInstanceOf(
      InvokeError,
    );
  });

  it("returns a StepError with the fallback message when nothing is stored", () => {
    const error = reconstructError(undefined, "Unknown error");

    expect(error).toBeInstanceOf(StepError);
    expect(error.message).toBe("Unknown error");
  });
});

describe("DurableExecutionClientError", () => {
  it("defaults to INVOCATION scope and chains the cause", () => {
    const cause = new Error("socket hang up");

    const error = new DurableExecutionClientError("failed", { cause });

    expect(error.scope).toBe("INVOCATION");
    expect(error.cause).toBe(cause);
    expect(error.name).toBe("DurableExecutionClientError");
    expect(isDurableExecutionClientError(error)).toBe(true);
  });

  it("recognises the shape of errors from other copies of the class", () => {
    const foreign = Object.assign(new Error("x"), {
      isDurableExecutionClientError: true,
      scope: "EXECUTION",
    });

    expect(isDurableExecutionClientError(foreign)).toBe(true);
  });

  it("rejects a marker with an unknown scope, and other values", () => {
    expect(
      isDurableExecutionClientError(
        Object.assign(new Error("x"), { isDurableExecutionClientError: true, scope: "X" }),
      ),
    ).toBe(false);
    expect(isDurableExecutionClientError(new Error("x"))).toBe(false);
    expect(isDurableExecutionClientError(null)).toBe(false);
    expect(isDurableExecutionClientError("DurableExecutionClientError")).toBe(false);
    expect(
      new DurableExecutionClientError("x", { scope: DurableExecutionClientErrorScope.EXECUTION }).scope,
    ).toBe("EXECUTION");
  });
});

describe("engine errors", () => {
  it("StepInterruptedError explains at-most-once interruption", () => {
    const error = new StepInterruptedError("2", "charge");

    expect(error.name).toBe("StepInterruptedError");
    expect(error.message).toContain("interrupted");
    expect(error.message).toContain("at-most-once");
    expect(error.message).toContain("charge");
  });

  it("NonDeterministicExecutionError is an EXECUTION-scoped unrecoverable error", () => {
    const error = new NonDeterministicExecutionError("mismatch at 2");

    expect(error.scope).toBe("EXECUTION");
    expect(error.message).toBe("mismatch at 2");
    expect(isUnrecoverableError(error)).toBe(true);
    expect(isUnrecoverableError(new Error("x"))).toBe(false);
  });

  it("checkpoint failures keep the AWS code, status and request id", () => {
    const aws = Object.assign(new Error("Rate exceeded"), {
      name: "TooManyRequestsException",
      $metadata: { httpStatusCode: 429, requestId: "req-1" },
    });

    const error = new CheckpointUnrecoverableInvocationError(
      "Failed to checkpoint the durable execution",
      aws,
    );

    expect(error.scope).toBe("INVOCATION");
    expect(error.cause).toBe(aws);
    expect(error).toMatchObject({
      errorCode: "TooManyRequestsException",
      statusCode: 429,
      requestId: "req-1",
    });
    expect(error.message).toContain("Rate exceeded");
    expect(error.message).toContain("TooManyRequestsException");
    expect(error.message).toContain("429");
    expect(error.message).toContain("req-1");
    expect(error.message).toContain("retries");
  });

  it("checkpoint failures without AWS metadata have no code fields", () => {
    const error = new CheckpointUnrecoverableExecutionError("Failed", new Error("plain"));

    expect(error.scope).toBe("EXECUTION");
    expect(error.errorCode).toBeUndefined();
    expect(error.statusCode).toBeUndefined();
    expect(error.message).toContain("FAILED");
  });

  it("awsErrorMetadata ignores non-AWS values", () => {
    expect(awsErrorMetadata(new Error("x"))).toEqual({});
    expect(awsErrorMetadata(undefined)).toEqual({});
  });

  it("SerdesFailedError names the operation and the direction", () => {
    const cause = new Error("bad json");

    const error = new SerdesFailedError({
      direction: "deserialize",
      operationId: "1-2",
      operationName: "load",
      cause,
    });

    expect(error.scope).toBe("INVOCATION");
    expect(error.message).toContain("deserialize");
    expect(error.message).toContain("load");
    expect(error.message).toContain("1-2");
    expect(error.cause).toBe(cause);
  });

  it("InvalidDurableEventError starts with the official text and names the field and fix", () => {
    const error = new InvalidDurableEventError("CheckpointToken", "is missing");

    expect(
      error.message.startsWith(
        "Unexpected payload provided to start the durable execution.\nCheck your resource configurations to confirm the durability is set.",
      ),
    ).toBe(true);
    expect(INVALID_DURABLE_EVENT_MESSAGE_PREFIX.endsWith("durability is set.")).toBe(true);
    expect(error.message).toContain("CheckpointToken");
    expect(error.message).toContain("DurableConfig");
    expect(error.message).toContain("alias");
  });

  it("DurableConfigurationError names the option", () => {
    const error = new DurableConfigurationError("bad", { option: "client" });

    expect(error.name).toBe("DurableConfigurationError");
    expect(error.option).toBe("client");
  });
});

describe("suspension", () => {
  it("is recognised by isSuspension and explains itself", () => {
    const error = new InvocationSuspendedError("wait 'cool-down' is scheduled");

    expect(isSuspension(error)).toBe(true);
    expect(error.name).toBe("InvocationSuspendedError");
    expect(error.reason).toBe("wait 'cool-down' is scheduled");
    expect(error.message).toContain("suspending because wait 'cool-down' is scheduled");
    expect(error.message).toContain("isSuspension");
  });

  it("recognises the brand from another copy of the package", () => {
    const foreign = new Error("x");
    Object.defineProperty(foreign, Symbol.for("@durable-lambda/core/suspension"), { value: true });

    expect(isSuspension(foreign)).toBe(true);
  });

  it("does not recognise other errors, nor a look-alike name", () => {
    const lookAlike = Object.assign(new Error("x"), { name: "InvocationSuspendedError" });

    expect(isSuspension(lookAlike)).toBe(false);
    expect(isSuspension(undefined)).toBe(false);
    expect(Object.keys(new InvocationSuspendedError("r"))).not.toContain(
      String(Symbol.for("@durable-lambda/core/suspension")),
    );
  });
});
