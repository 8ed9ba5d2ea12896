import type { Duration } from "./core.js";
import type { DurableLogger, StepContext } from "./logger.js";
import type { Serdes } from "./serdes.js";

/** What a retry strategy decides after a failed attempt. A missing `delay` means one second. */
export interface RetryDecision {
  shouldRetry: boolean;
  delay?: Duration;
}

/** How often a step's function may run per retry attempt. */
export const StepSemantics = {
  /** The function may run more than once per attempt if the invocation is interrupted (default). */
  AtLeastOncePerRetry: "AT_LEAST_ONCE_PER_RETRY",
  /** START is checkpointed before the function runs; an interrupted attempt is never re-run. */
  AtMostOncePerRetry: "AT_MOST_ONCE_PER_RETRY",
} as const;
export type StepSemantics = (typeof StepSemantics)[keyof typeof StepSemantics];

/** Randomisation applied to retry delays. */
export const JitterStrategy = {
  /** The exact delay. */
  NONE: "NONE",
  /** Uniform in [0, delay]. */
  FULL: "FULL",
  /** Uniform in [delay / 2, delay]. */
  HALF: "HALF",
} as const;
export type JitterStrategy = (typeof JitterStrategy)[keyof typeof JitterStrategy];

/** A function deciding whether (and when) to retry after attempt `attemptCount` failed. */
export type RetryStrategy = (error: Error, attemptCount: number) => RetryDecision;

/** Options of `context.step`. */
export interface StepConfig<T> {
  /**
   * Retry policy.
   *
   * @default `retryPresets.default`, 6 attempts with exponential backoff
   */
  retryStrategy?: RetryStrategy;
  /** At-least-once (default) or at-most-once per retry attempt. */
  semantics?: StepSemantics;
  /**
   * How the result is stored.
   *
   * @default the context's serdes, JSON
   */
  serdes?: Serdes<T>;
  /**
   * Deferred checkpoint: `true` queues the step's result and continues at once instead of waiting
   * for it to be written; it is written with the next request (before any wait, callback, invoke,
   * at-most-once step, suspension or the handler's return at the latest). After a crash the step
   * may run again, and code after it may have used the earlier run's result: see the README's
   * "Deferred checkpoints". `false` waits even when the execution sets `deferredCheckpoints`. Not
   * allowed on at-most-once steps.
   *
   * @default the execution's `deferredCheckpoints` (false)
   */
  deferCheckpoint?: boolean;
}

/** A step's function. */
export type StepFunc<T, Logger extends DurableLogger = DurableLogger> = (
  context: StepContext<Logger>,
) => Promise<T>;
