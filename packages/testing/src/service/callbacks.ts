import type { ErrorObject } from "@aws-sdk/client-lambda";
import { DurableServiceError, ServiceErrorCode } from "../errors/service-errors.js";
import { EventType, ExecutionStatus, OperationStatus } from "./constants.js";
import { errorOf, payloadOf } from "./history.js";
import { invalidParameter } from "./request-errors.js";
import type { ServiceRuntime } from "./runtime.js";
import type { ExecutionRecord, OperationRecord } from "./state/records.js";
import { fireDueTimers } from "./timers.js";
import { decodeCallbackId } from "./tokens.js";

/** How a callback can end. */
export type CallbackEnd =
  | typeof OperationStatus.SUCCEEDED
  | typeof OperationStatus.FAILED
  | typeof OperationStatus.TIMED_OUT;

/**
 * The open callback a `SendDurableExecutionCallback*` call names, after firing due timers (a
 * callback whose timeout has passed is closed, as the service would have closed it by then).
 */
export function openCallback(
  runtime: ServiceRuntime,
  callbackId: unknown,
  api: string,
): { exec: ExecutionRecord; record: OperationRecord } {
  if (typeof callbackId !== "string" || callbackId.length === 0) {
    throw invalidParameter(`${api}: CallbackId is required.`);
  }
  if (decodeCallbackId(callbackId) === undefined) {
    throw invalidParameter(
      `${api}: invalid CallbackId; it was not issued by this service. Use the CallbackId from the CALLBACK operation.`,
    );
  }
  const owner = runtime.state.callback(callbackId);
  const exec = owner === undefined ? undefined : runtime.state.execution(owner.executionId);
  const record =
    exec === undefined || owner === undefined ? undefined : runtime.state.operation(exec, owner.operationId);
  if (exec === undefined || record === undefined || record.op.CallbackDetails?.CallbackId !== callbackId) {
    throw new DurableServiceError(
      ServiceErrorCode.ResourceNotFound,
      `${api}: callback ${callbackId} not found. Check the CallbackId; callbacks exist only in the service that issued them.`,
    );
  }
  fireDueTimers(runtime, exec);
  if (record.op.Status !== OperationStatus.STARTED || exec.status !== ExecutionStatus.RUNNING) {
    const state =
      record.op.Status !== OperationStatus.STARTED
        ? `is ${record.op.Status}`
        : `belongs to an execution that is ${exec.status}`;
    throw new DurableServiceError(
      ServiceErrorCode.CallbackTimeout,
      `The callback ID token has either expired or the callback associated with the token has already been closed: the callback ${state}.`,
    );
  }
  return { exec, record };
}

/** Closes a callback with its outcome: clears its timers, records the event, reports the change. */
export function closeCallback(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  record: OperationRecord,
  status: CallbackEnd,
  outcome: { result?: string | undefined; error?: ErrorObject },
  at: Date = runtime.clock.date(),
): void {
  const { state } = runtime;
  const op = record.op;
  const id = op.Id as string;
  const now = at;
  op.Status = status;
  op.EndTimestamp = now;
  op.CallbackDetails = { CallbackId: op.CallbackDetails?.CallbackId };
  if (outcome.result !== undefined) op.CallbackDetails.Result = outcome.result;
  if (outcome.error !== undefined) op.CallbackDetails.Error = outcome.error;
  state.clearTimer(exec, "callbackTimeout", id);
  state.clearTimer(exec, "callbackHeartbeat", id);
  if (status === OperationStatus.SUCCEEDED) {
    state.appendEvent(exec, EventType.CallbackSucceeded, now, op, { Result: payloadOf(outcome.result) });
  } else if (status === OperationStatus.FAILED) {
    state.appendEvent(exec, EventType.CallbackFailed, now, op, { Error: errorOf(outcome.error) });
  } else {
    state.appendEvent(exec, EventType.CallbackTimedOut, now, op, { Error: errorOf(outcome.error) });
  }
  runtime.changed(exec, record, true);
}
