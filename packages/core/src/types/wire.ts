/**
 * The Lambda durable execution wire model: the shapes of `GetDurableExecutionState` and
 * `CheckpointDurableExecution` as the engine sends and receives them. Declared here so the public
 * types of the engine do not depend on `@aws-sdk/client-lambda`; they are structurally compatible
 * with the AWS SDK shapes.
 */

/** Operation types of the durable execution API. */
export const OperationType = {
  EXECUTION: "EXECUTION",
  STEP: "STEP",
  WAIT: "WAIT",
  CALLBACK: "CALLBACK",
  CHAINED_INVOKE: "CHAINED_INVOKE",
  CONTEXT: "CONTEXT",
} as const;
export type OperationType = (typeof OperationType)[keyof typeof OperationType];

/** Statuses an operation record can have. */
export const OperationStatus = {
  STARTED: "STARTED",
  PENDING: "PENDING",
  READY: "READY",
  SUCCEEDED: "SUCCEEDED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  TIMED_OUT: "TIMED_OUT",
  STOPPED: "STOPPED",
} as const;
export type OperationStatus = (typeof OperationStatus)[keyof typeof OperationStatus];

/** Actions of an `OperationUpdate`. */
export const OperationAction = {
  START: "START",
  SUCCEED: "SUCCEED",
  FAIL: "FAIL",
  RETRY: "RETRY",
  CANCEL: "CANCEL",
} as const;
export type OperationAction = (typeof OperationAction)[keyof typeof OperationAction];

/** A timestamp as it may arrive: a `Date` from the AWS SDK, or a string from a JSON transport. */
export type WireTimestamp = Date | string;

/** An error as stored by the service. Stack traces are not sent by default. */
export interface ErrorObject {
  ErrorMessage?: string | undefined;
  ErrorType?: string | undefined;
  ErrorData?: string | undefined;
  StackTrace?: string[] | undefined;
}

export interface ExecutionDetails {
  InputPayload?: string | undefined;
}

export interface ContextDetails {
  ReplayChildren?: boolean | undefined;
  Result?: string | undefined;
  Error?: ErrorObject | undefined;
}

export interface StepDetails {
  Attempt?: number | undefined;
  NextAttemptTimestamp?: Date | undefined;
  Result?: string | undefined;
  Error?: ErrorObject | undefined;
}

export interface WireStepDetails extends Omit<StepDetails, "NextAttemptTimestamp"> {
  NextAttemptTimestamp?: WireTimestamp | undefined;
}

export interface WaitDetails {
  ScheduledEndTimestamp?: Date | undefined;
}

export interface WireWaitDetails {
  ScheduledEndTimestamp?: WireTimestamp | undefined;
}

export interface CallbackDetails {
  CallbackId?: string | undefined;
  Result?: string | undefined;
  Error?: ErrorObject | undefined;
}

export interface ChainedInvokeDetails {
  Result?: string | undefined;
  Error?: ErrorObject | undefined;
}

/** An operation record with timestamps normalized to `Date`. */
export interface Operation {
  Id: string | undefined;
  ParentId?: string | undefined;
  Name?: string | undefined;
  Type: OperationType | undefined;
  SubType?: string | undefined;
  StartTimestamp: Date | undefined;
  EndTimestamp?: Date | undefined;
  Status: OperationStatus | undefined;
  ExecutionDetails?: ExecutionDetails | undefined;
  ContextDetails?: ContextDetails | undefined;
  StepDetails?: StepDetails | undefined;
  WaitDetails?: WaitDetails | undefined;
  CallbackDetails?: CallbackDetails | undefined;
  ChainedInvokeDetails?: ChainedInvokeDetails | undefined;
}

/** An operation record as it arrives on the wire (timestamps may be strings). */
export interface WireOperation
  extends Omit<Operation, "StartTimestamp" | "EndTimestamp" | "StepDetails" | "WaitDetails"> {
  StartTimestamp: WireTimestamp | undefined;
  EndTimestamp?: WireTimestamp | undefined;
  StepDetails?: WireStepDetails | undefined;
  WaitDetails?: WireWaitDetails | undefined;
}

export interface ContextOptions {
  ReplayChildren?: boolean | undefined;
}

export interface StepOptions {
  NextAttemptDelaySeconds?: number | undefined;
}

export interface WaitOptions {
  WaitSeconds?: number | undefined;
}

export interface CallbackOptions {
  TimeoutSeconds?: number | undefined;
  HeartbeatTimeoutSeconds?: number | undefined;
}

export interface ChainedInvokeOptions {
  FunctionName: string | undefined;
  TenantId?: string | undefined;
}

/** One change to the execution state, sent in a `CheckpointDurableExecution` request. */
export interface OperationUpdate {
  Id: string | undefined;
  ParentId?: string | undefined;
  Name?: string | undefined;
  Type: OperationType | undefined;
  SubType?: string | undefined;
  Action: OperationAction | undefined;
  Payload?: string | undefined;
  Error?: ErrorObject | undefined;
  ContextOptions?: ContextOptions | undefined;
  StepOptions?: StepOptions | undefined;
  WaitOptions?: WaitOptions | undefined;
  CallbackOptions?: CallbackOptions | undefined;
  ChainedInvokeOptions?: ChainedInvokeOptions | undefined;
}

export interface CheckpointUpdatedExecutionState {
  Operations?: WireOperation[] | undefined;
  NextMarker?: string | undefined;
}

export interface CheckpointDurableExecutionRequest {
  DurableExecutionArn: string | undefined;
  CheckpointToken: string | undefined;
  Updates?: OperationUpdate[] | undefined;
  ClientToken?: string | undefined;
}

export interface CheckpointDurableExecutionResponse {
  CheckpointToken?: string | undefined;
  NewExecutionState: CheckpointUpdatedExecutionState | undefined;
}

export interface GetDurableExecutionStateRequest {
  DurableExecutionArn: string | undefined;
  CheckpointToken: string | undefined;
  Marker?: string | undefined;
  MaxItems?: number | undefined;
}

export interface GetDurableExecutionStateResponse {
  Operations: WireOperation[] | undefined;
  NextMarker?: string | undefined;
}
