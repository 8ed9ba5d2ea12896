/**
 * What the invocation does with an outcome it cannot return as is in the Lambda response: a result
 * or error too large for it is checkpointed on the EXECUTION operation instead, and a result JSON
 * cannot encode fails the execution. Loaded the first time that happens.
 */
import { Buffer } from "node:buffer";
import { CheckpointLimits } from "../checkpoint/limits.js";
import { hashOperationId } from "../ids/index.js";
import type { InvocationRuntime } from "../invocation/invocation-runtime.js";
import { type DurableExecutionInvocationOutput, InvocationStatus } from "../types/core.js";
import { type ErrorObject, OperationAction, OperationType, type OperationUpdate } from "../types/wire.js";

/** Bytes kept free for the truncation note and the JSON around the fields. */
const ERROR_TRUNCATION_MARGIN_BYTES = 1024;

function truncateUtf8(text: string, maxBytes: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= maxBytes) return text;
  // Dropping a partial multi-byte character at the cut leaves a replacement char; strip it.
  return bytes
    .subarray(0, Math.max(0, maxBytes))
    .toString("utf8")
    .replace(/\uFFFD$/, "");
}

/** The error with its message and data cut so all fields fit what the service stores. */
export function shortenError(errorObject: ErrorObject): ErrorObject {
  const budget = CheckpointLimits.MAX_STORED_ERROR_BYTES - ERROR_TRUNCATION_MARGIN_BYTES;
  const type = errorObject.ErrorType ?? "";
  const message = errorObject.ErrorMessage ?? "";
  const data = errorObject.ErrorData ?? "";
  const messageBytes = Buffer.byteLength(message);
  const dataBudget = Math.max(0, Math.floor((budget - Buffer.byteLength(type)) / 2));
  const keptData = truncateUtf8(data, Math.max(dataBudget, budget - Buffer.byteLength(type) - messageBytes));
  const messageBudget = budget - Buffer.byteLength(type) - Buffer.byteLength(keptData);
  const keptMessage = truncateUtf8(message, messageBudget);
  const shortened: ErrorObject = { ErrorType: errorObject.ErrorType };
  shortened.ErrorMessage =
    keptMessage.length < message.length ? `${keptMessage}… [truncated from ${messageBytes} bytes]` : message;
  if (errorObject.ErrorData !== undefined) shortened.ErrorData = keptData;
  return shortened;
}

export async function checkpointExecution(
  runtime: InvocationRuntime,
  update: Pick<OperationUpdate, "Action" | "Payload" | "Error">,
): Promise<void> {
  const id = runtime.state.executionOperation?.Id ?? hashOperationId(`execution-result-${Date.now()}`);
  await runtime.queue.enqueue({ Id: id, Type: OperationType.EXECUTION, ...update }).catch(() => undefined);
}

/** The error that fails an execution whose handler returned a value JSON cannot encode. */
export function unserializableResultError(cause: unknown): TypeError {
  return new TypeError(
    `The handler's result cannot be returned: JSON.stringify failed (${(cause as Error).message}). ` +
      "Return plain JSON data (no BigInt, no circular references).",
    { cause },
  );
}

/**
 * A FAILED response whose error is too large for it: the error is checkpointed on the EXECUTION
 * operation and left out of the response. The service stores at most 1 MB of error fields, so the
 * stored copy is shortened to fit.
 */
export async function checkpointFailure(
  runtime: InvocationRuntime,
  errorObject: ErrorObject,
): Promise<DurableExecutionInvocationOutput> {
  await checkpointExecution(runtime, { Action: OperationAction.FAIL, Error: shortenError(errorObject) });
  return { Status: InvocationStatus.FAILED } as DurableExecutionInvocationOutput;
}
