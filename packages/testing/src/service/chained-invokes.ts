import type { ErrorObject } from "@aws-sdk/client-lambda";
import { EventType, ExecutionStatus, OperationStatus } from "./constants.js";
import { errorOf, payloadOf } from "./history.js";
import type { ServiceRuntime } from "./runtime.js";
import type { ExecutionRecord, OperationRecord } from "./state/records.js";

/** How a chained invoke can end. */
export type ChainedInvokeEnd =
  | typeof OperationStatus.SUCCEEDED
  | typeof OperationStatus.FAILED
  | typeof OperationStatus.TIMED_OUT
  | typeof OperationStatus.STOPPED;

const END_EVENTS = {
  FAILED: EventType.ChainedInvokeFailed,
  TIMED_OUT: EventType.ChainedInvokeTimedOut,
  STOPPED: EventType.ChainedInvokeStopped,
} as const;

/** The `ErrorObject` for something a chained-invoke target threw. */
export function errorObjectFrom(error: unknown): ErrorObject {
  if (error instanceof Error) return { ErrorType: error.name, ErrorMessage: error.message };
  return { ErrorType: "Error", ErrorMessage: String(error) };
}

/** Completes a STARTED chained invoke of a running execution (later completions are ignored). */
export function completeChainedInvoke(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  record: OperationRecord,
  status: ChainedInvokeEnd,
  outcome: { result?: string | undefined; error?: ErrorObject | undefined; external: boolean },
): void {
  const op = record.op;
  if (exec.status !== ExecutionStatus.RUNNING || op.Status !== OperationStatus.STARTED) return;
  const now = runtime.clock.date();
  op.Status = status;
  op.EndTimestamp = now;
  op.ChainedInvokeDetails = {};
  if (outcome.result !== undefined) op.ChainedInvokeDetails.Result = outcome.result;
  if (outcome.error !== undefined) op.ChainedInvokeDetails.Error = outcome.error;
  if (status === OperationStatus.SUCCEEDED) {
    runtime.state.appendEvent(exec, EventType.ChainedInvokeSucceeded, now, op, {
      Result: payloadOf(outcome.result),
    });
  } else {
    runtime.state.appendEvent(exec, END_EVENTS[status], now, op, { Error: errorOf(outcome.error) });
  }
  // Inside a checkpoint the update's own change notice covers it; saved either way.
  if (outcome.external) runtime.changed(exec, record, true);
  else runtime.state.saveOperation(exec, record);
}

function completeLater(
  runtime: ServiceRuntime,
  executionId: string,
  operationId: string,
  status: ChainedInvokeEnd,
  outcome: { result?: string | undefined; error?: ErrorObject | undefined },
): void {
  runtime.state.transaction(() => {
    const exec = runtime.state.execution(executionId);
    const record = exec === undefined ? undefined : runtime.state.operation(exec, operationId);
    if (exec === undefined || record === undefined) return;
    completeChainedInvoke(runtime, exec, record, status, { ...outcome, external: true });
  });
}

/**
 * Runs the target of a chained invoke that a checkpoint started: a durable target drives its
 * nested execution (which reports back when it ends), a plain one is called and its answer
 * completes the operation. Tracked so `settleChainedInvokes` can wait for it.
 */
export function runChainedInvoke(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  record: OperationRecord,
): void {
  const invoke = record.invoke;
  const target = invoke === undefined ? undefined : runtime.functions.get(invoke.targetName);
  if (invoke === undefined || target === undefined) return;
  const executionId = exec.id;
  const operationId = record.op.Id as string;
  const callerExecutionArn = exec.arn;
  const fail = (error: unknown) =>
    completeLater(runtime, executionId, operationId, OperationStatus.FAILED, {
      error: errorObjectFrom(error),
    });
  let work: Promise<void>;
  if (target.durable) {
    const nestedArn = record.nestedExecutionArn as string;
    work = Promise.resolve()
      .then(() => target.run(nestedArn))
      .catch(fail);
  } else {
    work = Promise.resolve()
      .then(() =>
        target.invoke({
          functionName: invoke.functionName,
          payload: invoke.payload,
          tenantId: invoke.tenantId,
          callerExecutionArn,
          operationId,
        }),
      )
      .then(
        (result) => completeLater(runtime, executionId, operationId, OperationStatus.SUCCEEDED, { result }),
        fail,
      );
  }
  const inFlight = runtime.activity(executionId).inFlight;
  const tracked = work.finally(() => {
    inFlight.delete(tracked);
  });
  inFlight.add(tracked);
}
