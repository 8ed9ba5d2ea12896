export { completeBatch, continueBatch } from "./batch/completion.js";
export { classifyCheckpointError } from "./checkpoint/classify-checkpoint-error.js";
export { CheckpointLimits } from "./checkpoint/limits.js";
export { LambdaApiClient } from "./client/index.js";
export { DurablePromise } from "./context/durable-promise.js";
export { durationToSeconds } from "./duration/index.js";
export * from "./errors/index.js";
export { executionStartTime } from "./frontend/execution-start-time.js";
export { createHandlerContext } from "./frontend/handler-context.js";
export { isLambdaDurableContext, type LambdaDurableContext } from "./frontend/lambda-durable-context.js";
export { hashOperationId } from "./ids/index.js";
export { DurableInvocation, validateExecutionConfig } from "./invocation/durable-invocation.js";
export type { Termination } from "./invocation/suspension-monitor.js";
export { DefaultLogger } from "./logger/index.js";
export { type RetryableFunc, type WithRetryConfig, withRetry } from "./operations/with-retry.js";
export type { HandlerSettlement } from "./outcome/map-outcome.js";
export * from "./redrive/index.js";
export * from "./retry/index.js";
export * from "./serdes/index.js";
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
} from "./types/core.js";
export type {
  DurableContext,
  DurablePromiseCombinators,
  ParallelBranchResult,
} from "./types/durable-context.js";
export type { InvokeConfig } from "./types/invoke.js";
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
} from "./types/plugin.js";
export type {
  AnySerdes,
  AnySerdesDeserializer,
  Serdes,
  SerdesConfig,
  SerdesContext,
} from "./types/serdes.js";
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
  WaitForConditionWaitStrategyFunc,
} from "./types/wait-condition.js";
export * from "./types/wire.js";
export { withDurableExecution } from "./with-durable-execution.js";
