import { DurableConfigurationError } from "../errors/engine-errors.js";
import type { Duration } from "../types/core.js";
import { JitterStrategy } from "../types/step.js";
import {
  exponentialDelaySeconds,
  finalDelay,
  validateBackoffRate,
  validatedDelaySeconds,
  validateJitter,
  validateMaxAttempts,
} from "./backoff.js";

/** What a `waitForCondition` wait strategy decides after a check: poll again after `delay`, or stop. */
export type WaitForConditionDecision = { shouldContinue: true; delay: Duration } | { shouldContinue: false };

/** Decides, from the state a check returned and the 1-based attempt, whether to poll again. */
export type WaitStrategy<T> = (state: T, attempt: number) => WaitForConditionDecision;

/** Options of {@link createWaitStrategy}. */
export interface WaitStrategyConfig<T> {
  /** Required. Whether the condition is still unmet and polling should continue. */
  shouldContinuePolling: (state: T) => boolean;
  /**
   * Checks in total; polling past this throws and fails the operation.
   *
   * @default 60
   */
  maxAttempts?: number;
  /**
   * Delay before the second check (before jitter).
   *
   * @default { seconds: 5 }
   */
  initialDelay?: Duration;
  /**
   * Upper bound of the delay (before jitter).
   *
   * @default { seconds: 300 }
   */
  maxDelay?: Duration;
  /**
   * Factor the delay grows by after each check.
   *
   * @default 1.5
   */
  backoffRate?: number;
  /**
   * Randomisation of the delay (see {@link JitterStrategy}).
   *
   * @default FULL
   */
  jitter?: JitterStrategy;
}

/** Defaults of {@link createWaitStrategy}. */
export const WAIT_STRATEGY_DEFAULTS = {
  maxAttempts: 60,
  initialDelay: { seconds: 5 },
  maxDelay: { seconds: 300 },
  backoffRate: 1.5,
  jitter: JitterStrategy.FULL,
} as const satisfies Required<Omit<WaitStrategyConfig<unknown>, "shouldContinuePolling">>;

const FACTORY = "createWaitStrategy";
const STOP: WaitForConditionDecision = Object.freeze({ shouldContinue: false });

/**
 * A wait strategy for `context.waitForCondition` with exponential backoff: while
 * `shouldContinuePolling(state)` is true, poll again after
 * `min(initialDelay · backoffRate^(n−1), maxDelay)`, jittered and rounded to whole seconds (at least
 * 1 s). After `maxAttempts` checks it throws `Error("waitForCondition exceeded maximum attempts (N)")`.
 *
 * @throws {@link DurableConfigurationError} when `shouldContinuePolling` is missing or an option is
 * invalid, as the strategy is created.
 *
 * @example
 * ```ts
 * const job = await context.waitForCondition(async (state) => getJob(state.id), {
 *   initialState: { id, status: "RUNNING" },
 *   waitStrategy: createWaitStrategy({ shouldContinuePolling: (state) => state.status === "RUNNING" }),
 * });
 * ```
 */
export function createWaitStrategy<T>(config: WaitStrategyConfig<T>): WaitStrategy<T> {
  if (typeof config?.shouldContinuePolling !== "function") {
    throw new DurableConfigurationError(
      `${FACTORY}: shouldContinuePolling is required, a function returning true while the condition is not ` +
        "met yet, for example createWaitStrategy({ shouldContinuePolling: (state) => state.status === 'RUNNING' }).",
      { option: "shouldContinuePolling" },
    );
  }
  const { shouldContinuePolling } = config;
  const maxAttempts = config.maxAttempts ?? WAIT_STRATEGY_DEFAULTS.maxAttempts;
  const backoffRate = config.backoffRate ?? WAIT_STRATEGY_DEFAULTS.backoffRate;
  const jitter = config.jitter ?? WAIT_STRATEGY_DEFAULTS.jitter;
  validateMaxAttempts(maxAttempts, FACTORY);
  validateBackoffRate(backoffRate, FACTORY);
  validateJitter(jitter, FACTORY);
  const initialSeconds = validatedDelaySeconds(
    config.initialDelay ?? WAIT_STRATEGY_DEFAULTS.initialDelay,
    "initialDelay",
    FACTORY,
  );
  const maxSeconds = validatedDelaySeconds(
    config.maxDelay ?? WAIT_STRATEGY_DEFAULTS.maxDelay,
    "maxDelay",
    FACTORY,
  );

  return (state, attempt) => {
    // The condition is checked first: a check that succeeds on the last attempt still succeeds.
    if (!shouldContinuePolling(state)) return STOP;
    if (attempt >= maxAttempts) {
      // Exact text of the official SDK; users may match on it.
      throw new Error(`waitForCondition exceeded maximum attempts (${maxAttempts})`);
    }
    const base = exponentialDelaySeconds(initialSeconds, backoffRate, maxSeconds, attempt);
    return { shouldContinue: true, delay: finalDelay(base, jitter) };
  };
}
