export { type ClockAdvanceListener, VirtualClock, type VirtualClockOptions } from "./clock/virtual-clock.js";
export {
  createNetworkError,
  createServiceError,
  DurableServiceError,
  type DurableServiceErrorOptions,
  isDurableServiceError,
  LocalRunnerError,
  ServiceErrorCode,
  ServiceErrorHttpStatus,
} from "./errors/service-errors.js";
export {
  type LocalDurableServer,
  type LocalDurableServerOptions,
  startLocalDurableServer,
} from "./http/server.js";
export {
  type DurableExecutionClientLike,
  DurableExecutionInvocationInputWithClient,
} from "./runner/invocation-input.js";
export { createLambdaContext, type LambdaContextInit } from "./runner/lambda-context.js";
export { LocalDurableRunner } from "./runner/local-durable-runner.js";
export type { OperationDetails } from "./runner/operation-details.js";
export { OperationHandle } from "./runner/operation-handle.js";
export { WaitingStatus } from "./runner/operation-waiters.js";
export {
  type LocalDurableHandler,
  type LocalDurableRunnerOptions,
  type PlainLambdaHandler,
  type RegisterFunctionOptions,
  RUNNER_DEFAULTS,
  RunnerTransport,
  type RunOptions,
  type WaitForOperationOptions,
} from "./runner/options.js";
export { formatRunReport, type LineWriter } from "./runner/report.js";
export { formatOffset, historyTable, operationsTable, textTable } from "./runner/report-tables.js";
export {
  type DurableInvocationOutput,
  type InvocationRecord,
  LocalRunResult,
  type OperationFilter,
} from "./runner/run-result.js";
export {
  InvocationType,
  type InvokeRequest,
  type InvokeResponse,
} from "./service/api/invoke.js";
export type {
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
} from "./service/api/list-by-function.js";
export {
  EventType,
  ExecutionStatus,
  INVALID_CHECKPOINT_TOKEN_PREFIX,
  OperationAction,
  OperationStatus,
  OperationType,
  PENDING_WITHOUT_PENDING_OPERATIONS_MESSAGE,
  ServiceLimits,
} from "./service/constants.js";
export { type FaultHandle, FaultKind, type FaultSpec, ServiceApi } from "./service/faults.js";
export { LambdaDurableApi } from "./service/lambda-durable-api.js";
export { LocalDurableService } from "./service/local-durable-service.js";
export type { LocalDurableServiceOptions, NextTimer } from "./service/options.js";
export { InMemoryDurableStore, type InMemoryDurableStoreOptions } from "./service/state/in-memory-store.js";
export type {
  CallbackRecord,
  ExecutionRecord,
  InvocationState,
  OperationRecord,
  TimerKind,
  TimerRecord,
} from "./service/state/records.js";
export type { DurableStore, ExecutionQuery } from "./service/state/store.js";
export type {
  ChainedInvokeRequest,
  ChainedInvokeTarget,
  CompleteInvocationResult,
  DurableInvocationEnvelope,
  InvocationOutcome,
  ServiceChange,
  ServiceRequestRecord,
  StartExecutionRequest,
  StartInvocationOptions,
} from "./service/types.js";
