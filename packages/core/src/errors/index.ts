export { PluginLoadError } from "../plugins/plugin-load-error.js";
export { AbandonedOperationError } from "./abandoned-operation-error.js";
export { type AwsErrorMetadata, awsErrorMetadata, describeAwsErrorMetadata } from "./aws-error-metadata.js";
export { ContextUsageError } from "./context-usage-error.js";
export {
  DurableExecutionClientError,
  type DurableExecutionClientErrorOptions,
  DurableExecutionClientErrorScope,
  isDurableExecutionClientError,
} from "./durable-execution-client-error.js";
export {
  BatchCompletionError,
  CallbackError,
  CallbackExternalError,
  CallbackSubmitterError,
  CallbackTimeoutError,
  ChildContextError,
  DurableOperationError,
  DurableOperationErrorDefaultMessage,
  InvokeError,
  PromiseCombinatorError,
  StepError,
  WaitForConditionError,
} from "./durable-operation-error.js";
export {
  CheckpointUnrecoverableError,
  CheckpointUnrecoverableExecutionError,
  CheckpointUnrecoverableInvocationError,
  DurableConfigurationError,
  INVALID_DURABLE_EVENT_MESSAGE_PREFIX,
  InvalidDurableEventError,
  isUnrecoverableError,
  NonDeterministicExecutionError,
  SerdesDirection,
  SerdesFailedError,
  type SerdesFailedErrorOptions,
  StepInterruptedError,
  UnrecoverableError,
  type UnrecoverableErrorOptions,
  UnrecoverableErrorScope,
} from "./engine-errors.js";
export { errorObjectFromError, reconstructError } from "./error-object.js";
export { StrictSerdesError } from "./strict-serdes-error.js";
export { InvocationSuspendedError, isSuspension } from "./suspension.js";
