import { randomUUID } from "node:crypto";
import { LocalRunnerError, ServiceErrorCode } from "../errors/service-errors.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import {
  EventType,
  ExecutionStatus,
  OperationStatus,
  OperationType,
  PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE,
} from "./constants.js";
import { errorOf } from "./history.js";
import { finishExecution } from "./lifecycle.js";
import type { ServiceRuntime } from "./runtime.js";
import type { ExecutionRecord, InvocationState } from "./state/records.js";
import { finishedSubtreeIds, inStartOrder, visibleOperations } from "./state/visibility.js";
import { fireDueTimers } from "./timers.js";
import { encodeCheckpointToken, encodeMarker } from "./tokens.js";
import type {
  CompleteInvocationResult,
  DurableInvocationEnvelope,
  InvocationOutcome,
  StartInvocationOptions,
} from "./types.js";

/** Starts an invocation of a running execution and builds the event for the function. */
export function startInvocation(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  initialStatePageSize: number,
  options: StartInvocationOptions,
): DurableInvocationEnvelope {
  rejectUnknownKeys("startInvocation", options, ["requestId"]);
  const { state } = runtime;
  fireDueTimers(runtime, exec);
  if (exec.status !== ExecutionStatus.RUNNING) {
    throw new LocalRunnerError(
      `startInvocation: durable execution ${exec.arn} has already completed (${exec.status}); only a RUNNING execution can be invoked.`,
    );
  }
  if (exec.invocation !== undefined) {
    throw new LocalRunnerError(
      `startInvocation: invocation ${exec.invocation.requestId} of ${exec.arn} is still running; call completeInvocation first.`,
    );
  }
  exec.invocationCount += 1;
  const invocation: InvocationState = {
    number: exec.invocationCount,
    requestId: options.requestId ?? randomUUID(),
    startTimestamp: runtime.clock.date(),
    seq: 0,
    dirty: [],
  };
  exec.invocation = invocation;
  const all = state.operations(exec);
  const visible = visibleOperations(all);
  const firstPage = visible.slice(0, initialStatePageSize);
  const updatedOperationIds = inStartOrder(all, exec.undelivered).map((record) => record.op.Id as string);
  exec.undelivered = [];
  const envelope: DurableInvocationEnvelope = {
    DurableExecutionArn: exec.arn,
    CheckpointToken: encodeCheckpointToken({ executionId: exec.id, invocation: invocation.number, seq: 0 }),
    InitialExecutionState: { Operations: firstPage.map((record) => structuredClone(record.op)) },
    UpdatedOperationIds: updatedOperationIds,
  };
  if (visible.length > firstPage.length) {
    envelope.InitialExecutionState.NextMarker = encodeMarker({
      kind: "state",
      executionId: exec.id,
      offset: firstPage.length,
    });
  }
  return envelope;
}

/**
 * True when the execution waits on something that will change without the function: a started
 * wait, callback or chained invoke, a step retry, or a change not yet delivered. Operations
 * under a finished context do not count: the function never visits them again.
 */
export function hasPendingWork(runtime: ServiceRuntime, exec: ExecutionRecord): boolean {
  if (exec.undelivered.length > 0) return true;
  const all = runtime.state.operations(exec);
  const abandoned = finishedSubtreeIds(all);
  for (const { op } of all) {
    if (abandoned.has(op.Id as string)) continue;
    switch (op.Type) {
      case OperationType.WAIT:
      case OperationType.CALLBACK:
      case OperationType.CHAINED_INVOKE:
        if (op.Status === OperationStatus.STARTED) return true;
        break;
      case OperationType.STEP:
        if (op.Status === OperationStatus.PENDING || op.Status === OperationStatus.READY) return true;
        break;
    }
  }
  return false;
}

/**
 * True when a new invocation is due: something changed from outside that the function has not
 * seen, or a step retry is READY (outside any finished context).
 */
export function isInvocationDue(runtime: ServiceRuntime, exec: ExecutionRecord): boolean {
  fireDueTimers(runtime, exec);
  if (exec.status !== ExecutionStatus.RUNNING || exec.invocation !== undefined) return false;
  if (exec.undelivered.length > 0) return true;
  const all = runtime.state.operations(exec);
  let abandoned: Set<string> | undefined;
  for (const { op } of all) {
    if (op.Status !== OperationStatus.READY) continue;
    abandoned ??= finishedSubtreeIds(all);
    if (!abandoned.has(op.Id as string)) return true;
  }
  return false;
}

/** Ends the running invocation with what the function returned, as Lambda reports it. */
export function completeInvocation(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  outcome: InvocationOutcome,
): CompleteInvocationResult {
  const invocation = exec.invocation;
  if (invocation === undefined) {
    throw new LocalRunnerError(
      `completeInvocation: durable execution ${exec.arn} has no running invocation; call startInvocation first.`,
    );
  }
  fireDueTimers(runtime, exec);
  const now = runtime.clock.date();
  const invocationError =
    "lambdaError" in outcome ? outcome.lambdaError : outcome.Status === "FAILED" ? outcome.Error : undefined;
  runtime.state.appendEvent(exec, EventType.InvocationCompleted, now, undefined, {
    StartTimestamp: invocation.startTimestamp,
    EndTimestamp: now,
    RequestId: invocation.requestId,
    ...(invocationError === undefined ? {} : { Error: errorOf(invocationError) }),
  });
  delete exec.invocation;
  // An execution already completed by a checkpoint (large result path) or stopped keeps its outcome.
  if (exec.status !== ExecutionStatus.RUNNING) return { status: exec.status };

  if ("lambdaError" in outcome) {
    if (outcome.failExecution === true) {
      finishExecution(runtime, exec, ExecutionStatus.FAILED, { error: outcome.lambdaError });
    }
    return { status: exec.status };
  }
  switch (outcome.Status) {
    case "SUCCEEDED":
      finishExecution(runtime, exec, ExecutionStatus.SUCCEEDED, { result: outcome.Result });
      break;
    case "FAILED":
      finishExecution(runtime, exec, ExecutionStatus.FAILED, { error: outcome.Error });
      break;
    case "PENDING":
      if (!hasPendingWork(runtime, exec)) {
        finishExecution(runtime, exec, ExecutionStatus.FAILED, {
          error: {
            ErrorType: ServiceErrorCode.InvalidParameterValue,
            ErrorMessage: PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE,
          },
        });
      }
      break;
    default:
      throw new LocalRunnerError(
        `completeInvocation: unknown outcome ${JSON.stringify(outcome)}; expected Status SUCCEEDED, FAILED or PENDING, or a lambdaError.`,
      );
  }
  return { status: exec.status };
}
