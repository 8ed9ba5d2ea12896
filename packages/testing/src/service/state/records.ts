import type {
  CheckpointDurableExecutionResponse,
  ErrorObject,
  ExecutionStatus,
  Operation,
} from "@aws-sdk/client-lambda";

// The records a durable store keeps. They are plain data (strings, numbers, Dates, arrays and
// objects) so a persistent store can write them as JSON columns and read them back unchanged.

/** Kinds of timers the service runs on its clock. */
export type TimerKind = "retry" | "wait" | "callbackTimeout" | "callbackHeartbeat" | "executionTimeout";

/** A timer of one execution, identified by its kind and operation id. */
export interface TimerRecord {
  kind: TimerKind;
  /** The operation it belongs to (the execution id for `executionTimeout`). */
  operationId: string;
  /** Due time, epoch milliseconds on the service clock. */
  dueAt: number;
}

/** One operation of an execution and what the service remembers about it besides the API shape. */
export interface OperationRecord {
  /** The operation as the API returns it. */
  op: Operation;
  /** Heartbeat timeout of a callback, in seconds (0: none). */
  heartbeatSeconds?: number;
  /** Wait duration in seconds. */
  waitSeconds?: number;
  /** Nested durable execution of a chained invoke. */
  nestedExecutionArn?: string;
  /** What a chained invoke was asked to call. */
  invoke?: {
    functionName: string;
    targetName: string;
    payload: string | undefined;
    tenantId: string | undefined;
  };
}

/** The running invocation of an execution: which checkpoint token it may use next. */
export interface InvocationState {
  /** Invocation number within the execution (1-based). */
  number: number;
  requestId: string;
  startTimestamp: Date;
  /** Sequence of the only token the next checkpoint may use. */
  seq: number;
  /** Operations changed since this invocation's previous checkpoint response. */
  dirty: string[];
  /** The previous checkpoint, replayed when retried with the same ClientToken (idempotency). */
  last?: { seq: number; clientToken: string | undefined; response: CheckpointDurableExecutionResponse };
}

/** A durable execution. */
export interface ExecutionRecord {
  /** Execution id: the last segment of the ARN and the EXECUTION operation's id. */
  id: string;
  /** Start order across the store (1, 2, …); orders and pages `ListDurableExecutionsByFunction`. */
  sequence: number;
  arn: string;
  name: string;
  functionName: string;
  functionArn: string;
  version: string;
  input: string;
  status: ExecutionStatus;
  startTimestamp: Date;
  endTimestamp?: Date;
  result?: string;
  error?: ErrorObject;
  executionTimeoutSeconds?: number;
  /** How many invocations were started. */
  invocationCount: number;
  invocation?: InvocationState;
  /** Operations changed from outside that no checkpoint response or envelope has reported yet. */
  undelivered: string[];
  /** Set when this execution is the target of a chained invoke. */
  parent?: { executionId: string; operationId: string };
}

/** Where a callback id points. */
export interface CallbackRecord {
  executionId: string;
  operationId: string;
}
