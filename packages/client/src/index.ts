export type {
  ExecutionDescription,
  ExecutionStatus,
  RedriveStatus,
} from "./describe/execution-description.js";
export {
  type CallbackFailure,
  DurableExecutions,
  type ExecutionSummary,
  type HistoryOptions,
  type ListOptions,
  type RedriveOptions,
  type StartOptions,
} from "./durable-executions.js";
export {
  type ClientErrorOptions,
  DurableExecutionsError,
  ExecutionAlreadyStartedError,
  ExecutionNotFoundError,
  ExecutionNotRedrivableError,
  InvalidClientArgumentError,
  ThrottledError,
} from "./errors/client-errors.js";
export {
  type ExecutionMetering,
  MeteredKind,
  type MeteredUsage,
  meterHistory,
} from "./metering/meter-history.js";
export type { Clock, DurableExecutionsOptions } from "./options.js";
export type { RedriveResult } from "./redrive/redrive-execution.js";
