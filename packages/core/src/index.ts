/**
 * The public API of `@durable-lambda/core`: the API of the official SDK
 * (`@aws/durable-execution-sdk-js`) plus the additions listed in the README. Everything is exported
 * by name, so a change to this list is deliberate (`test/unit/public-surface.test.ts` lists it).
 * What the front ends (`@durable-lambda/middy`, `@durable-lambda/powertools`) share with the
 * engine is on the `@durable-lambda/core/internal` subpath, which semver does not cover.
 */

export { completeBatch, continueBatch } from "./batch/completion.js";
export { CheckpointSetupError, SetupProblem } from "./checkpoint/checkpoint-setup-error.js";
export { LambdaApiClient } from "./client/lambda-api-client.js";
export { LambdaApiError } from "./client/lambda-api-error.js";
export { DurablePromise } from "./context/durable-promise.js";
export { DurableExecutionInvocationInputWithClient } from "./envelope/invocation-input-with-client.js";
// Errors a handler or its caller can meet.
export {
  AbandonedOperationError,
  BatchCompletionError,
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  CheckpointUnrecoverableError,
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  ChildContextError,
  ContextUsageError,
  DurableConfigurationError,
  DurableExecutionClientError,
  type DurableExecutionClientErrorOptions,
  DurableExecutionClientErrorScope,
  DurableOperationError,
  InvalidDurableEventError,
  InvocationSuspendedError,
  InvokeError,
  isDurableExecutionClientError,
  isSuspension,
  isUnrecoverableError,
  NonDeterministicExecutionError,
  PromiseCombinatorError,
  SerdesDirection,
  SerdesFailedError,
  type SerdesFailedErrorOptions,
  StepError,
  StepInterruptedError,
  StrictSerdesError,
  UnrecoverableError,
  type UnrecoverableErrorOptions,
  UnrecoverableErrorScope,
  WaitForConditionError,
} from "./errors/index.js";
export { refreshLogConfig } from "./logger/verbose-log.js";
export { type RetryableFunc, type WithRetryConfig, withRetry } from "./operations/with-retry.js";
export { PluginLoadError } from "./plugins/plugin-load-error.js";
// Instrumentation plugins.
export {
  type AttemptEndInfo,
  AttemptEndInfoOutcome,
  type AttemptInfo,
  type ChildContextInfo,
  type CustomerFn,
  type CustomerFnResult,
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableInstrumentationPluginType,
  type InvocationBaseInfo,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationChangeInfo,
  type OperationEndInfo,
  type OperationInfo,
  PluginInvocationStatus,
  PluginOperationStatus,
} from "./plugins/types.js";
// Redrive: the error a refused redrive fails with, and the transport calls it makes.
export { RedriveError, RedriveFailure } from "./redrive/redrive-errors.js";
export type {
  GetDurableExecutionHistoryRequest,
  GetDurableExecutionHistoryResponse,
  HistoryEvent,
  ListDurableExecutionsByFunctionRequest,
  ListDurableExecutionsByFunctionResponse,
  ListedExecution,
  RedriveTransport,
} from "./redrive/redrive-transport.js";
// Retry and wait strategies.
export {
  createLinearRetryStrategy,
  createRetryStrategy,
  createWaitStrategy,
  type LinearRetryStrategyConfig,
  type RetryableErrorPattern,
  type RetryableErrorType,
  type RetryStrategyConfig,
  retryPresets,
  type WaitStrategy,
  type WaitStrategyConfig,
} from "./retry/index.js";
export { SDK_VERSION } from "./sdk-version.js";
export {
  createFileSystemSerdes,
  FileSystemPathEncoding,
  type FileSystemSerdesConfig,
  FileSystemSerdesMode,
} from "./serdes/file-system-serdes.js";
// Serialization.
export { createClassSerdes, createClassSerdesWithDates, defaultSerdes } from "./serdes/index.js";
export {
  buildPreview,
  FieldMatchMode,
  type PreviewConfig,
  type PreviewField,
  PreviewMode,
} from "./serdes/preview.js";
export { DurableExecutionApiClient } from "./transport/durable-execution-api-client.js";
export {
  type BatchItem,
  BatchItemStatus,
  type BatchResult,
  type CompletionConfig,
  type CompletionDecision,
  type CompletionItemStatus,
  CompletionOutcome,
  type CompletionReason,
  type CompletionStatus,
  type CustomCompletionConfig,
  type MapConfig,
  type MapFunc,
  type NamedParallelBranch,
  NestingType,
  type ParallelConfig,
  type ParallelFunc,
  type ThresholdCompletionConfig,
} from "./types/batch.js";
export type {
  CreateCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "./types/callback.js";
export type { ChildConfig, ChildFunc } from "./types/child-context.js";
export {
  type DurableExecutionClient,
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  type DurableExecutionInvocationInput,
  type DurableExecutionInvocationOutput,
  type DurableLambdaHandler,
  type Duration,
  InvocationStatus,
  type LambdaClientLike,
  OperationSubType,
  type PluginsConfig,
} from "./types/core.js";
export type {
  DurableContext,
  DurablePromiseCombinators,
  ParallelBranchResult,
} from "./types/durable-context.js";
export type { InvokeConfig } from "./types/invoke.js";
// Logging.
export {
  type DurableContextLogger,
  type DurableLogData,
  type DurableLogger,
  type DurableLoggingContext,
  DurableLogLevel,
  type LoggerConfig,
  type OperationContext,
  type StepContext,
  type WaitForCallbackContext,
  type WaitForConditionContext,
} from "./types/logger.js";
export type {
  AnySerdes,
  AnySerdesDeserializer,
  Serdes,
  SerdesConfig,
  SerdesContext,
} from "./types/serdes.js";
// Operation options and callbacks.
export {
  JitterStrategy,
  type RetryDecision,
  type RetryStrategy,
  type StepConfig,
  type StepFunc,
  StepSemantics,
} from "./types/step.js";
export type {
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
  WaitForConditionDecision,
  WaitForConditionWaitStrategyFunc,
} from "./types/wait-condition.js";
// The wire format of the Lambda durable execution API.
export {
  type CallbackDetails,
  type CallbackOptions,
  type ChainedInvokeDetails,
  type ChainedInvokeOptions,
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type CheckpointUpdatedExecutionState,
  type ContextDetails,
  type ContextOptions,
  type ErrorObject,
  type ExecutionDetails,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  type Operation,
  OperationAction,
  OperationStatus,
  OperationType,
  type OperationUpdate,
  type StepDetails,
  type StepOptions,
  type WaitDetails,
  type WaitOptions,
  type WireOperation,
  type WireStepDetails,
  type WireTimestamp,
  type WireWaitDetails,
} from "./types/wire.js";
// Wrapping a handler, and the durable context it receives.
export { withDurableExecution } from "./with-durable-execution.js";
