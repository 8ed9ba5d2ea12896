import { createRetryStrategy } from "@durable-lambda/core";
import { OutOfStockError, ServiceUnavailableError } from "./order-errors.js";

/**
 * How the order workflow's steps retry. Only errors worth retrying are retried: a transient
 * outage, or missing stock that may arrive; anything else fails the step at once.
 */
export const OrderRetryStrategies = {
  /** Payment gateway calls: 4 attempts, 2 s, 4 s, 8 s apart (jittered), outages only. */
  payment: createRetryStrategy({
    maxAttempts: 4,
    initialDelay: { seconds: 2 },
    retryableErrorTypes: [ServiceUnavailableError],
  }),
  /** Stock reservations: 3 attempts, 1 min then 2 min apart, for outages and missing stock. */
  reservation: createRetryStrategy({
    maxAttempts: 3,
    initialDelay: { minutes: 1 },
    retryableErrorTypes: [ServiceUnavailableError, OutOfStockError],
  }),
  /** Sending the approval request: 5 attempts from 5 s, outages only. */
  notification: createRetryStrategy({
    maxAttempts: 5,
    initialDelay: { seconds: 5 },
    retryableErrorTypes: [ServiceUnavailableError],
  }),
} as const;
