import type { Duration } from "../types/core.js";
import { JitterStrategy, type RetryDecision, type RetryStrategy } from "../types/step.js";
import {
  createErrorFilter,
  exponentialDelaySeconds,
  finalDelay,
  type RetryableErrorPattern,
  type RetryableErrorType,
  validateBackoffRate,
  validatedDelaySeconds,
  validateErrorFilters,
  validateJitter,
  validateMaxAttempts,
} from "./backoff.js";

/** Options of {@link createRetryStrategy}. */
export interface RetryStrategyConfig {
  /**
   * Attempts in total, the first included; no retry once this many were made.
   *
   * @default 3
   */
  maxAttempts?: number;
  /**
   * Delay before the first retry (before jitter).
   *
   * @default { seconds: 5 }
   */
  initialDelay?: Duration;
  /**
   * Upper bound of the delay (before jitter).
   *
   * @default { minutes: 5 }
   */
  maxDelay?: Duration;
  /**
   * Factor the delay grows by after each attempt.
   *
   * @default 2
   */
  backoffRate?: number;
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

/** Defaults of {@link createRetryStrategy}. */
export const RETRY_STRATEGY_DEFAULTS = {
  maxAttempts: 3,
  initialDelay: { seconds: 5 },
  maxDelay: { minutes: 5 },
  backoffRate: 2,
  jitter: JitterStrategy.FULL,
} as const satisfies Required<Omit<RetryStrategyConfig, "retryableErrors" | "retryableErrorTypes">>;

const FACTORY = "createRetryStrategy";
const NO_RETRY: RetryDecision = Object.freeze({ shouldRetry: false });

/**
 * A retry strategy with exponential backoff: after attempt `n` fails, wait
 * `min(initialDelay · backoffRate^(n−1), maxDelay)`, jittered and rounded to whole seconds (at least
 * 1 s).
 *
 * @throws `DurableConfigurationError` when an option is invalid, as the strategy is created.
 * @see `retryPresets` for ready-made strategies.
 *
 * @example
 * ```ts
 * const retryStrategy = createRetryStrategy({
 *   maxAttempts: 5,
 *   initialDelay: { seconds: 2 },
 *   retryableErrors: [/timeout/i, "rate limit"],
 * });
 * await context.step("call-api", callApi, { retryStrategy });
 * ```
 */
export function createRetryStrategy(config: RetryStrategyConfig = {}): RetryStrategy {
  const maxAttempts = config.maxAttempts ?? RETRY_STRATEGY_DEFAULTS.maxAttempts;
  const backoffRate = config.backoffRate ?? RETRY_STRATEGY_DEFAULTS.backoffRate;
  const jitter = config.jitter ?? RETRY_STRATEGY_DEFAULTS.jitter;
  validateMaxAttempts(maxAttempts, FACTORY);
  validateBackoffRate(backoffRate, FACTORY);
  validateJitter(jitter, FACTORY);
  validateErrorFilters(config.retryableErrors, config.retryableErrorTypes, FACTORY);
  const initialSeconds = validatedDelaySeconds(
    config.initialDelay ?? RETRY_STRATEGY_DEFAULTS.initialDelay,
    "initialDelay",
    FACTORY,
  );
  const maxSeconds = validatedDelaySeconds(
    config.maxDelay ?? RETRY_STRATEGY_DEFAULTS.maxDelay,
    "maxDelay",
    FACTORY,
  );
  const isRetryable = createErrorFilter(config.retryableErrors, config.retryableErrorTypes);

  return (error, attemptsMade) => {
    if (attemptsMade >= maxAttempts || !isRetryable(error)) return NO_RETRY;
    const base = exponentialDelaySeconds(initialSeconds, backoffRate, maxSeconds, attemptsMade);
    return { shouldRetry: true, delay: finalDelay(base, jitter) };
  };
}
