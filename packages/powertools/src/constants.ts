/**
 * Keys the logger adds to every record made in a durable execution, in Powertools' snake_case
 * style (`function_request_id`, `cold_start`, …).
 *
 * @example
 * ```ts
 * const stepRecords = records.filter((record) => record[DurableLogKey.OPERATION_NAME] === "charge");
 * ```
 */
export const DurableLogKey = {
  EXECUTION_ARN: "execution_arn",
  /** Hashed id of the step attempt or child context that is logging. */
  OPERATION_ID: "operation_id",
  OPERATION_NAME: "operation_name",
  /** 1-based attempt of the step or condition check that is logging. */
  ATTEMPT: "attempt",
  /** Hashed id of the context that contains the logging operation. */
  PARENT_ID: "parent_id",
  /** Whether the record was made while replaying; present only with `replayLogging: true`. */
  REPLAY: "replay",
} as const;
export type DurableLogKey = (typeof DurableLogKey)[keyof typeof DurableLogKey];

/** The keys Powertools' Middy middlewares store their cleanup functions under (`cleanupMiddlewares`). */
export const PowertoolsCleanupKey = {
  LOGGER: "powertools-for-aws.logger",
  TRACER: "powertools-for-aws.tracer",
  METRICS: "powertools-for-aws.metrics",
} as const;

/** The message Powertools logs when it flushes the log buffer for an uncaught error. */
export const UNCAUGHT_ERROR_LOG_MESSAGE = "Uncaught error detected, flushing log buffer before exit" as const;

/** Lambda environment variables the plugins read when no Lambda context is at hand. */
export const LambdaEnvironment = {
  FUNCTION_NAME: "AWS_LAMBDA_FUNCTION_NAME",
  FUNCTION_VERSION: "AWS_LAMBDA_FUNCTION_VERSION",
  FUNCTION_MEMORY_SIZE: "AWS_LAMBDA_FUNCTION_MEMORY_SIZE",
} as const;
