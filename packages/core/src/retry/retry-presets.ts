import { JitterStrategy, type RetryStrategy } from "../types/step.js";
import { createLinearRetryStrategy } from "./create-linear-retry-strategy.js";
import { createRetryStrategy } from "./create-retry-strategy.js";

/**
 * Ready-made retry strategies.
 * - `default`: what a step uses without a `retryStrategy`. 6 attempts, exponential from 5 s, ×2,
 *   capped at 60 s, FULL jitter.
 * - `linear`: 6 attempts, 1 s, 2 s, 3 s, 4 s, 5 s apart, no jitter.
 * - `noRetry`: a single attempt.
 *
 * @example
 * ```ts
 * await context.step("charge", charge, { retryStrategy: retryPresets.noRetry });
 * ```
 */
export const retryPresets: {
  readonly default: RetryStrategy;
  readonly linear: RetryStrategy;
  readonly noRetry: RetryStrategy;
} = Object.freeze({
  default: createRetryStrategy({
    maxAttempts: 6,
    initialDelay: { seconds: 5 },
    maxDelay: { seconds: 60 },
    backoffRate: 2,
    jitter: JitterStrategy.FULL,
  }),
  linear: createLinearRetryStrategy({
    maxAttempts: 6,
    initialDelay: { seconds: 1 },
    increment: { seconds: 1 },
    jitter: JitterStrategy.NONE,
  }),
  noRetry: createRetryStrategy({ maxAttempts: 1 }),
});
