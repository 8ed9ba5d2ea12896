export { withDurableExecution } from "./with-durable-execution.js";
export { DurableInvocation, validateExecutionConfig } from "./invocation/durable-invocation.js";
export { isLambdaDurableContext, type LambdaDurableContext } from "./frontend/lambda-durable-context.js";
export { executionStartTime } from "./frontend/execution-start-time.js";
export { createHandlerContext } from "./frontend/handler-context.js";
export type { HandlerSettlement } from "./outcome/map-outcome.js";
export type { Termination } from "./invocation/suspension-monitor.js";
export { DurablePromise } from "./context/durable-promise.js";

export * from "./errors/index.js";
export * from "./retry/index.js";
export * from "./serdes/index.js";
export { DefaultLogger } from "./logger/index.js";
export { LambdaApiClient } from "./client/index.js";
export { classifyCheckpointError } from "./checkpoint/classify-checkpoint-error.js";
export { hashOperationId } from "./ids/index.js";
export { durationToSeconds } from "./duration/index.js";
export { CheckpointLimits } from "./checkpoint/limits.js";

export {
  InvocationStatus,
  OperationSubType,
  type Duration,
  type DurableExecutionClient,
  type DurableExecutionConfig,
  type DurableExecutionHandler,
  type DurableExecutionInvocationInput,
  type DurableExecutionInvocationOutput,
  type DurableLambdaHandler,
  type LambdaClientLike,
} from "./types/core.js";
export type { DurableContext } from "./types/durable-context.js";
export {
  DurableLogLevel,
  type DurableContextLogger,
  type DurableLogData,
  type DurableLogger,
  type DurableLoggingContext,
  type LoggerConfig,
  type OperationContext,
  type StepContext,
  type WaitForCallbackContext,
  type WaitForConditionContext,
} from "./types/logger.js";
export type { AnySerdes, AnySerdesDeserializer, Serdes, SerdesConfig, SerdesContext } from "./types/serdes.js";
export {
  JitterStrategy,
  StepSemantics,
  type RetryDecision,
  type RetryStrategy,
  type StepConfig,
  type StepFunc,
} from "./types/step.js";
export type { ChildConfig, ChildFunc } from "./types/child-context.js";
export type {
  CreateCallbackConfig,
  CreateCallbackResult,
  WaitForCallbackConfig,
  WaitForCallbackSubmitterFunc,
} from "./types/callback.js";
export type { InvokeConfig } from "./types/invoke.js";
export type {
  WaitForConditionCheckFunc,
  WaitForConditionConfig,
  WaitForConditionWaitStrategyFunc,
} from "./types/wait-condition.js";
export * from "./types/wire.js";
export {
  AttemptEndInfoOutcome,
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  PluginInvocationStatus,
  PluginOperationStatus,
  type AttemptEndInfo,
  type AttemptInfo,
  type ChildContextInfo,
  type CustomerFn,
  type CustomerFnResult,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableInstrumentationPluginType,
  type InvocationBaseInfo,
  type InvocationEndInfo,
  type InvocationInfo,
  type OperationChangeInfo,
  type OperationEndInfo,
  type OperationInfo,
} from "./types/plugin.js";
export {
  BatchItemStatus,
  CompletionOutcome,
  NestingType,
  type BatchItem,
  type BatchResult,
  type CompletionConfig,
  type CompletionDecision,
  type CompletionItemStatus,
  type CompletionReason,
  type CompletionStatus,
  type CustomCompletionConfig,
  type MapConfig,
  type MapFunc,
  type NamedParallelBranch,
  type ParallelConfig,
  type ParallelFunc,
  type ThresholdCompletionConfig,
} from "./types/batch.js";
export { completeBatch, continueBatch } from "./batch/completion.js";
export type { DurablePromiseCombinators, ParallelBranchResult } from "./types/durable-context.js";
export { withRetry, type RetryableFunc, type WithRetryConfig } from "./operations/with-retry.js";
