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
export {
  type LocalDurableHandler,
  LocalDurableRunner,
  type LocalDurableRunnerOptions,
  type PlainLambdaHandler,
  type RegisterFunctionOptions,
  RunnerTransport,
  type RunOptions,
  type WaitForOperationOptions,
} from "./runner/local-durable-runner.js";
export { OperationHandle } from "./runner/operation-handle.js";
export {
  type DurableInvocationOutput,
  type InvocationRecord,
  LocalRunResult,
  type OperationFilter,
} from "./runner/run-result.js";
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
export { LocalDurableService, type LocalDurableServiceOptions } from "./service/local-durable-service.js";
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
