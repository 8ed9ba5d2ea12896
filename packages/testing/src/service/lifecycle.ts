import { randomUUID } from "node:crypto";
import type {
  ErrorObject,
  ExecutionStatus as LambdaExecutionStatus,
  Operation,
} from "@aws-sdk/client-lambda";
import { DurableServiceError, LocalRunnerError, ServiceErrorCode } from "../errors/service-errors.js";
import { rejectUnknownKeys } from "../options/known-keys.js";
import {
  durableExecutionArn,
  functionArn,
  functionNameFrom,
  isValidExecutionName,
  isValidFunctionName,
} from "./arns.js";
import { completeChainedInvoke } from "./chained-invokes.js";
import {
  EventType,
  ExecutionStatus,
  MS_PER_SECOND,
  OperationStatus,
  OperationType,
  ServiceDefaults,
  ServiceLimits,
} from "./constants.js";
import { errorOf, payloadOf } from "./history.js";
import { invalidParameter } from "./request-errors.js";
import type { ServiceRuntime } from "./runtime.js";
import type { ExecutionRecord } from "./state/records.js";
import type { StartExecutionRequest } from "./types.js";
import { byteLength } from "./validation/error-object.js";

const TERMINAL_EXECUTION_STATUSES: ReadonlySet<string> = new Set([
  ExecutionStatus.SUCCEEDED,
  ExecutionStatus.FAILED,
  ExecutionStatus.STOPPED,
  ExecutionStatus.TIMED_OUT,
]);

/** True once the execution has ended (SUCCEEDED, FAILED, STOPPED or TIMED_OUT). */
export function isTerminal(status: string | undefined): boolean {
  return status !== undefined && TERMINAL_EXECUTION_STATUSES.has(status);
}

const START_EXECUTION_KEYS = [
  "functionName",
  "input",
  "executionName",
  "executionTimeoutSeconds",
  "version",
] as const satisfies ReadonlyArray<keyof StartExecutionRequest>;

function checkStartRequest(request: StartExecutionRequest): {
  functionName: string;
  input: string;
  name: string;
} {
  rejectUnknownKeys("startExecution", request, START_EXECUTION_KEYS);
  if (typeof request?.functionName !== "string") {
    throw new LocalRunnerError("startExecution: functionName is required.");
  }
  const functionName = functionNameFrom(request.functionName);
  if (!isValidFunctionName(functionName)) {
    throw new LocalRunnerError(
      `startExecution: ${JSON.stringify(request.functionName)} is not a valid Lambda function name (1-64 letters, digits, "-" or "_").`,
    );
  }
  const input = request.input ?? "{}";
  if (typeof input !== "string") {
    throw new LocalRunnerError(
      "startExecution: input must be JSON text (a string); JSON.stringify your event first.",
    );
  }
  if (byteLength(input) > ServiceLimits.executionInputBytes) {
    throw invalidParameter(
      `The execution input is ${byteLength(input)} bytes, over the limit of ${ServiceLimits.executionInputBytes} bytes.`,
    );
  }
  const name = request.executionName ?? randomUUID();
  if (!isValidExecutionName(name)) {
    throw new LocalRunnerError(
      `startExecution: ${JSON.stringify(name)} is not a valid execution name (1-64 letters, digits, ".", "-" or "_").`,
    );
  }
  const timeout = request.executionTimeoutSeconds;
  if (
    timeout !== undefined &&
    (!Number.isInteger(timeout) || timeout < 1 || timeout > ServiceLimits.maxDurationSeconds)
  ) {
    throw new LocalRunnerError(
      `startExecution: executionTimeoutSeconds must be a whole number from 1 to ${ServiceLimits.maxDurationSeconds}; got ${timeout}.`,
    );
  }
  return { functionName, input, name };
}

/**
 * Starts a durable execution, or returns the existing one of the same function and name when
 * the input is the same (a different input is `DurableExecutionAlreadyStartedException`).
 */
export function startExecution(
  runtime: ServiceRuntime,
  request: StartExecutionRequest,
  parent: ExecutionRecord["parent"],
): { arn: string; created: boolean } {
  const { functionName, input, name } = checkStartRequest(request);
  const { state, clock, scope } = runtime;
  const existing = state.executionByName(functionName, name);
  if (existing !== undefined) {
    if (existing.input === input) return { arn: existing.arn, created: false };
    throw new DurableServiceError(
      ServiceErrorCode.DurableExecutionAlreadyStarted,
      `A durable execution named ${name} already exists for function ${functionName} with a different input. ` +
        `Use a new execution name, or the same input to get the existing execution.`,
    );
  }
  const version = request.version ?? ServiceDefaults.functionVersion;
  const timeout = request.executionTimeoutSeconds;
  const id = randomUUID();
  const now = clock.date();
  const exec: ExecutionRecord = {
    id,
    sequence: state.store.nextExecutionSequence(),
    arn: durableExecutionArn(scope, functionName, version, name, id),
    name,
    functionName,
    functionArn: functionArn(scope, functionName, version),
    version,
    input,
    status: ExecutionStatus.RUNNING,
    startTimestamp: now,
    invocationCount: 0,
    undelivered: [],
  };
  if (timeout !== undefined) exec.executionTimeoutSeconds = timeout;
  if (parent !== undefined) exec.parent = parent;
  state.createExecution(exec);
  const executionOperation: Operation = {
    Id: id,
    Type: OperationType.EXECUTION,
    StartTimestamp: now,
    Status: OperationStatus.STARTED,
    ExecutionDetails: { InputPayload: input },
  };
  state.saveOperation(exec, { op: executionOperation });
  state.appendEvent(exec, EventType.ExecutionStarted, now, executionOperation, {
    Input: { Payload: input },
    ExecutionTimeout: timeout,
  });
  if (timeout !== undefined) {
    state.setTimer(exec, "executionTimeout", id, now.getTime() + timeout * MS_PER_SECOND);
  }
  return { arn: exec.arn, created: true };
}

const END_EVENTS = {
  SUCCEEDED: EventType.ExecutionSucceeded,
  FAILED: EventType.ExecutionFailed,
  STOPPED: EventType.ExecutionStopped,
  TIMED_OUT: EventType.ExecutionTimedOut,
} as const;

/** Ends an execution (once): status, outcome, history, listeners, and the parent's chained invoke. */
export function finishExecution(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  status: Exclude<LambdaExecutionStatus, "RUNNING">,
  outcome: { result?: string | undefined; error?: ErrorObject | undefined },
  at: Date = runtime.clock.date(),
): void {
  if (isTerminal(exec.status)) return;
  const { state } = runtime;
  const now = at;
  exec.status = status;
  exec.endTimestamp = now;
  if (outcome.result !== undefined) exec.result = outcome.result;
  if (outcome.error !== undefined) exec.error = outcome.error;
  state.clearTimers(exec);
  const record = state.operation(exec, exec.id);
  if (record === undefined) throw new Error(`The EXECUTION operation of ${exec.arn} is missing.`);
  record.op.Status = status;
  record.op.EndTimestamp = now;
  const eventType = END_EVENTS[status as keyof typeof END_EVENTS];
  if (eventType === EventType.ExecutionSucceeded) {
    state.appendEvent(exec, eventType, now, record.op, { Result: payloadOf(outcome.result) });
  } else if (eventType !== undefined) {
    state.appendEvent(exec, eventType, now, record.op, { Error: errorOf(outcome.error) });
  }
  runtime.changed(exec, record, false);
  runtime.executionEnded(exec);
  if (exec.parent !== undefined) reportToParent(runtime, exec, exec.parent);
}

function reportToParent(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  parentRef: NonNullable<ExecutionRecord["parent"]>,
): void {
  const parent = runtime.state.execution(parentRef.executionId);
  const record = parent === undefined ? undefined : runtime.state.operation(parent, parentRef.operationId);
  if (parent === undefined || record === undefined) return;
  const statusFor = {
    SUCCEEDED: OperationStatus.SUCCEEDED,
    FAILED: OperationStatus.FAILED,
    TIMED_OUT: OperationStatus.TIMED_OUT,
    STOPPED: OperationStatus.STOPPED,
  } as const;
  const status = statusFor[exec.status as keyof typeof statusFor];
  if (status === undefined) return;
  completeChainedInvoke(runtime, parent, record, status, {
    result: exec.result,
    error:
      exec.error ??
      (status === OperationStatus.SUCCEEDED ? undefined : { ErrorMessage: `Execution ${exec.status}` }),
    external: true,
  });
}
