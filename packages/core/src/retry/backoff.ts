/**
 * Rules shared by the retry and wait strategies: config validation, error filters, jitter and the
 * final whole-second delay. One implementation, used by every factory in this folder.
 */
import { assertDuration, durationToSeconds } from "../duration/duration.js";
import { DurableConfigurationError } from "../errors/engine-errors.js";
import type { Duration } from "../types/core.js";
import { JitterStrategy } from "../types/step.js";

/** The shortest delay the service accepts between attempts, in seconds. */
export const MIN_DELAY_SECONDS = 1 as const;

/** A message pattern: a string matches by substring, a RegExp by `test`. */
export type RetryableErrorPattern = string | RegExp;

/** An error class matched with `instanceof`. */
export type RetryableErrorType = abstract new (...args: never[]) => Error;

const JITTER_VALUES: ReadonlySet<unknown> = new Set(Object.values(JitterStrategy));

/** The delay after jitter: NONE exact, FULL uniform in [0, d], HALF uniform in [d/2, d]. */
export function applyJitter(delaySeconds: number, jitter: JitterStrategy): number {
  switch (jitter) {
    case JitterStrategy.FULL:
      return Math.random() * delaySeconds;
    case JitterStrategy.HALF:
      return delaySeconds / 2 + Math.random() * (delaySeconds / 2);
    default:
      return delaySeconds;
  }
}

/** Jitter, then whole seconds, at least {@link MIN_DELAY_SECONDS} (the service's minimum). */
export function finalDelay(baseDelaySeconds: number, jitter: JitterStrategy): Duration {
  return { seconds: Math.max(MIN_DELAY_SECONDS, Math.round(applyJitter(baseDelaySeconds, jitter))) };
}

/** Exponential base delay for attempt `attemptsMade` (1-based): `min(initial·rate^(n−1), max)`. */
export function exponentialDelaySeconds(
  initialSeconds: number,
  backoffRate: number,
  maxSeconds: number,
  attemptsMade: number,
): number {
  return Math.min(initialSeconds * backoffRate ** (attemptsMade - 1), maxSeconds);
}

/**
 * A predicate for the two error filters, OR'ed. With neither filter given every error is
 * retried; giving one filter does not retry everything through the other.
 */
export function createErrorFilter(
  patterns: readonly RetryableErrorPattern[] | undefined,
  types: readonly RetryableErrorType[] | undefined,
): (error: Error) => boolean {
  if (patterns === undefined && types === undefined) return () => true;
  const messagePatterns = patterns ?? [];
  const errorTypes = types ?? [];
  return (error) => {
    const message = typeof error?.message === "string" ? error.message : String(error);
    for (const pattern of messagePatterns) {
      if (typeof pattern === "string" ? message.includes(pattern) : testPattern(pattern, message))
        return true;
    }
    for (const type of errorTypes) if (error instanceof type) return true;
    return false;
  };
}

function testPattern(pattern: RegExp, message: string): boolean {
  // A global or sticky RegExp keeps `lastIndex` between calls; reset it so every error is judged alike.
  pattern.lastIndex = 0;
  return pattern.test(message);
}

/** Throws a {@link DurableConfigurationError} unless `value` is an integer ≥ 1 (or `Infinity`). */
export function validateMaxAttempts(value: number, factory: string): void {
  if (
    typeof value !== "number" ||
    !(value === Number.POSITIVE_INFINITY || Number.isInteger(value)) ||
    value < 1
  ) {
    throw new DurableConfigurationError(
      `${factory}: maxAttempts must be a whole number of at least 1 (it counts the first attempt), got ` +
        `${String(value)}. Use maxAttempts: 1 to never retry.`,
      { option: "maxAttempts" },
    );
  }
}

/** Validates a delay option and returns it in seconds. */
export function validatedDelaySeconds(value: unknown, option: string, factory: string): number {
  assertDuration(value, `${factory} option "${option}"`);
  return durationToSeconds(value);
}

/** Throws unless `value` is a finite number greater than 0. */
export function validateBackoffRate(value: number, factory: string): void {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new DurableConfigurationError(
      `${factory}: backoffRate must be a finite number greater than 0, got ${String(value)}. Use 1 for a ` +
        "constant delay, 2 to double it after each attempt.",
      { option: "backoffRate" },
    );
  }
}

/** Throws unless `value` is one of {@link JitterStrategy}. */
export function validateJitter(value: unknown, factory: string): asserts value is JitterStrategy {
  if (!JITTER_VALUES.has(value)) {
    throw new DurableConfigurationError(
      `${factory}: jitter must be one of ${[...JITTER_VALUES].join(", ")} (see JitterStrategy), got ${String(value)}.`,
      { option: "jitter" },
    );
  }
}

/** Throws unless the error filters are arrays of the right kinds. */
export function validateErrorFilters(patterns: unknown, types: unknown, factory: string): void {
  if (
    patterns !== undefined &&
    (!Array.isArray(patterns) || !patterns.every((p) => typeof p === "string" || p instanceof RegExp))
  ) {
    throw new DurableConfigurationError(
      `${factory}: retryableErrors must be an array of strings (matched as substrings of the error message) ` +
        'or regular expressions, for example ["timeout", /throttl/i].',
      { option: "retryableErrors" },
    );
  }
  if (types !== undefined && (!Array.isArray(types) || !types.every((t) => typeof t === "function"))) {
    throw new DurableConfigurationError(
      `${factory}: retryableErrorTypes must be an array of error classes (matched with instanceof), for ` +
        "example [TimeoutError].",
      { option: "retryableErrorTypes" },
    );
  }
}
