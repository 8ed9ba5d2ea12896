import type {
  EventType as LambdaEventType,
  ExecutionStatus as LambdaExecutionStatus,
  OperationAction as LambdaOperationAction,
  OperationStatus as LambdaOperationStatus,
  OperationType as LambdaOperationType,
} from "@aws-sdk/client-lambda";

// The AWS SDK's enums are runtime values; the local service must not load the SDK at run time,
// so it keeps its own copies, checked against the SDK's types.

/**
 * Operation types (`Operation.Type`), as in `@aws-sdk/client-lambda`.
 *
 * @example
 * ```ts
 * result.getOperations({ type: OperationType.WAIT });
 * ```
 */
export const OperationType = {
  CALLBACK: "CALLBACK",
  CHAINED_INVOKE: "CHAINED_INVOKE",
  CONTEXT: "CONTEXT",
  EXECUTION: "EXECUTION",
  STEP: "STEP",
  WAIT: "WAIT",
} as const satisfies Record<string, LambdaOperationType>;

/**
 * Operation statuses (`Operation.Status`), as in `@aws-sdk/client-lambda`.
 *
 * @example
 * ```ts
 * await runner.waitForOperation("charge", { status: OperationStatus.SUCCEEDED });
 * ```
 */
export const OperationStatus = {
  CANCELLED: "CANCELLED",
  FAILED: "FAILED",
  PENDING: "PENDING",
  READY: "READY",
  STARTED: "STARTED",
  STOPPED: "STOPPED",
  SUCCEEDED: "SUCCEEDED",
  TIMED_OUT: "TIMED_OUT",
} as const satisfies Record<string, LambdaOperationStatus>;

/**
 * Checkpoint actions (`OperationUpdate.Action`), as in `@aws-sdk/client-lambda`.
 *
 * @example
 * ```ts
 * const update = { Id: "s1", Type: OperationType.STEP, Action: OperationAction.START };
 * ```
 */
export const OperationAction = {
  CANCEL: "CANCEL",
  FAIL: "FAIL",
  RETRY: "RETRY",
  START: "START",
  SUCCEED: "SUCCEED",
} as const satisfies Record<string, LambdaOperationAction>;

/**
 * Execution statuses, as in `@aws-sdk/client-lambda`.
 *
 * @example
 * ```ts
 * expect(result.status).toBe(ExecutionStatus.SUCCEEDED);
 * ```
 */
export const ExecutionStatus = {
  FAILED: "FAILED",
  RUNNING: "RUNNING",
  STOPPED: "STOPPED",
  SUCCEEDED: "SUCCEEDED",
  TIMED_OUT: "TIMED_OUT",
} as const satisfies Record<string, LambdaExecutionStatus>;

/**
 * History event types, as in `@aws-sdk/client-lambda`.
 *
 * @example
 * ```ts
 * result.getEvents(EventType.StepFailed);
 * ```
 */
export const EventType = {
  CallbackFailed: "CallbackFailed",
  CallbackStarted: "CallbackStarted",
  CallbackSucceeded: "CallbackSucceeded",
  CallbackTimedOut: "CallbackTimedOut",
  ChainedInvokeFailed: "ChainedInvokeFailed",
  ChainedInvokeStarted: "ChainedInvokeStarted",
  ChainedInvokeStopped: "ChainedInvokeStopped",
  ChainedInvokeSucceeded: "ChainedInvokeSucceeded",
  ChainedInvokeTimedOut: "ChainedInvokeTimedOut",
  ContextFailed: "ContextFailed",
  ContextStarted: "ContextStarted",
  ContextSucceeded: "ContextSucceeded",
  ExecutionFailed: "ExecutionFailed",
  ExecutionStarted: "ExecutionStarted",
  ExecutionStopped: "ExecutionStopped",
  ExecutionSucceeded: "ExecutionSucceeded",
  ExecutionTimedOut: "ExecutionTimedOut",
  InvocationCompleted: "InvocationCompleted",
  StepFailed: "StepFailed",
  StepStarted: "StepStarted",
  StepSucceeded: "StepSucceeded",
  WaitCancelled: "WaitCancelled",
  WaitStarted: "WaitStarted",
  WaitSucceeded: "WaitSucceeded",
} as const satisfies { [K in LambdaEventType]: K };

const KIB = 1024;
const MIB = 1024 * KIB;
const SECONDS_PER_DAY = 24 * 60 * 60;

/**
 * Limits the service enforces, from the `@aws-sdk/client-lambda` API documentation
 * (`OperationUpdate.Payload`, `OperationUpdate.Error`, `SendDurableExecutionCallbackSuccess`,
 * `GetDurableExecutionState.MaxItems`) and the durable functions quotas.
 *
 * @example
 * ```ts
 * const tooBig = "x".repeat(ServiceLimits.operationPayloadBytes + 1); // a STEP payload the service rejects
 * ```
 */
export const ServiceLimits = {
  /** `OperationUpdate.Payload` for STEP, CONTEXT, WAIT, CALLBACK, CHAINED_INVOKE: 1 MB. */
  operationPayloadBytes: 1 * MIB,
  /** `OperationUpdate.Payload` for a synchronous (RequestResponse) EXECUTION: 6 MB. */
  executionPayloadBytes: 6 * MIB,
  /** Combined size of all `ErrorObject` fields: 1 MB. */
  errorObjectBytes: 1 * MIB,
  /** `SendDurableExecutionCallbackSuccess.Result`: 1 MB. */
  callbackResultBytes: 1 * MIB,
  /** Execution input for a synchronous start: 6 MB. */
  executionInputBytes: 6 * MIB,
  /** Execution input for an asynchronous (Event) start: 1 MB. */
  eventInputBytes: 1 * MIB,
  /** Default page size of `GetDurableExecutionState` and `GetDurableExecutionHistory`. */
  defaultPageSize: 100,
  /** Largest allowed `MaxItems`. */
  maxPageSize: 1000,
  /** Shortest `WaitOptions.WaitSeconds`. */
  minWaitSeconds: 1,
  /** Longest wait, retry delay or callback timeout: one year (the longest execution). */
  maxDurationSeconds: 366 * SECONDS_PER_DAY,
} as const;

/** Defaults for identifiers the service invents. */
export const ServiceDefaults = {
  region: "us-east-1",
  accountId: "123456789012",
  functionVersion: "$LATEST",
} as const;

/** The REST API version prefix of the Lambda durable execution API. */
export const DURABLE_API_VERSION_PATH = "/2025-12-01" as const;

/**
 * Message of the error that fails an execution returning PENDING with nothing pending.
 *
 * @example
 * ```ts
 * expect(result.error?.ErrorMessage).toBe(PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE);
 * ```
 */
export const PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE =
  "Cannot return PENDING status with no pending operations." as const;

/**
 * Prefix every rejected checkpoint token message starts with (engines match on it to retry the invocation).
 *
 * @example
 * ```ts
 * const retryInvocation = error.message.startsWith(INVALID_CHECKPOINT_TOKEN_PREFIX);
 * ```
 */
export const INVALID_CHECKPOINT_TOKEN_PREFIX = "Invalid Checkpoint Token" as const;

/** Milliseconds per second. */
export const MS_PER_SECOND = 1000;
