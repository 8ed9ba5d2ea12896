import type { Duration } from "../types/core.js";
import { JitterStrategy, type RetryDecision, type RetryStrategy } from "../types/step.js";
import {
  createErrorFilter,
  finalDelay,
  type RetryableErrorPattern,
  type RetryableErrorType,
  validatedDelaySeconds,
  validateErrorFilters,
  validateJitter,
  validateMaxAttempts,
} from "./backoff.js";

/** Options of {@link createLinearRetryStrategy}. */
export interface LinearRetryStrategyConfig {
  /**
   * Attempts in total, the first included; no retry once this many were made.
   *
   * @default 6
   */
  maxAttempts?: number;
  /**
   * Delay before the first retry (before jitter).
   *
   * @default { seconds: 1 }
   */
  initialDelay?: Duration;
  /**
   * Added to the delay after each attempt.
   *
   * @default { seconds: 1 }
   */
  increment?: Duration;
  /**
   * Upper bound of the delay (before jitter).
   *
   * @default { minutes: 5 }
   */
  maxDelay?: Duration;
  /**
   * Randomisation of the delay (see {@link JitterStrategy}).
   *
   * @default FULL
   */
  jitter?: JitterStrategy;
  /**
   * Retry only errors whose message contains one of these strings or matches one of these RegExps
   * (OR'ed with `retryableErrorTypes`).
   *
   * @default retry every error when neither filter is given
   */
  retryableErrors?: RetryableErrorPattern[];
  /**
   * Retry only errors that are instances of one of these classes (OR'ed with `retryableErrors`).
   *
   * @default retry every error when neither filter is given
   */
  retryableErrorTypes?: RetryableErrorType[];
}

/** Defaults of {@link createLinearRetryStrategy}. */
export const LINEAR_RETRY_STRATEGY_DEFAULTS = {
  maxAttempts: 6,
  initialDelay: { seconds: 1 },
  increment: { seconds: 1 },
  maxDelay: { minutes: 5 },
  jitter: JitterStrategy.FULL,
} as const satisfies Required<Omit<LinearRetryStrategyConfig, "retryableErrors" | "retryableErrorTypes">>;

const FACTORY = "createLinearRetryStrategy";
const NO_RETRY: RetryDecision = Object.freeze({ shouldRetry: false });

/**
 * A retry strategy with linear backoff: after attempt `n` fails, wait
 * `min(initialDelay + increment · (n−1), maxDelay)`, jittered and rounded to whole seconds (at least
 * 1 s). Invalid options throw a `DurableConfigurationError` when the strategy is created.
 *
 * @throws `DurableConfigurationError` when an option is invalid, as the strategy is created.
 * @see `createRetryStrategy` for exponential backoff.
 *
 * @example
 * ```ts
 * // 2 s, 4 s, 6 s between the four attempts
 * const retryStrategy = createLinearRetryStrategy({
 *   maxAttempts: 4,
 *   initialDelay: { seconds: 2 },
 *   increment: { seconds: 2 },
 *   jitter: JitterStrategy.NONE,
 * });
 * ```
 */
export function createLinearRetryStrategy(config: LinearRetryStrategyConfig = {}): RetryStrategy {
  const maxAttempts = config.maxAttempts ?? LINEAR_RETRY_STRATEGY_DEFAULTS.maxAttempts;
  const jitter = config.jitter ?? LINEAR_RETRY_STRATEGY_DEFAULTS.jitter;
  validateMaxAttempts(maxAttempts, FACTORY);
  validateJitter(jitter, FACTORY);
  validateErrorFilters(config.retryableErrors, config.retryableErrorTypes, FACTORY);
  const initialSeconds = validatedDelaySeconds(
    config.initialDelay ?? LINEAR_RETRY_STRATEGY_DEFAULTS.initialDelay,
    "initialDelay",
    FACTORY,
  );
  const incrementSeconds = validatedDelaySeconds(
    config.increment ?? LINEAR_RETRY_STRATEGY_DEFAULTS.increment,
    "increment",
    FACTORY,
  );
  const maxSeconds = validatedDelaySeconds(
    config.maxDelay ?? LINEAR_RETRY_STRATEGY_DEFAULTS.maxDelay,
    "maxDelay",
    FACTORY,
  );
  const isRetryable = createErrorFilter(config.retryableErrors, config.retryableErrorTypes);

  return (error, attemptsMade) => {
    if (attemptsMade >= maxAttempts || !isRetryable(error)) return NO_RETRY;
    const base = Math.min(initialSeconds + incrementSeconds * (attemptsMade - 1), maxSeconds);
    return { shouldRetry: true, delay: finalDelay(base, jitter) };
  };
}
