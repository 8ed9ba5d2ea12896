/**
 * Limits of the checkpoint API and of Lambda responses. See
 * https://docs.aws.amazon.com/lambda/latest/dg/durable-functions.html for the service's quotas.
 */
export const CheckpointLimits = {
  /** Estimated bytes one `CheckpointDurableExecution` request may carry. */
  MAX_REQUEST_BYTES: 750 * 1024,
  /** Updates one request may carry. */
  MAX_UPDATES_PER_REQUEST: 250,
  /** Bytes added to each request's estimate for the envelope around the updates. */
  REQUEST_OVERHEAD_BYTES: 100,
  /** Child-context and batch results above this are rebuilt by replay instead of stored. */
  MAX_STORED_RESULT_BYTES: 256 * 1024,
  /** A handler result above this is checkpointed and left out of the invocation response. */
  MAX_RESPONSE_BYTES: 6 * 1024 * 1024 - 50,
  /** Combined bytes of an error's fields the service stores (ErrorMessage, ErrorType, ErrorData, StackTrace). */
  MAX_STORED_ERROR_BYTES: 1024 * 1024,
  /** Page size of `GetDurableExecutionState` while loading the initial state. */
  STATE_PAGE_SIZE: 1000,
} as const;
