import type { WaitForConditionDecision, WaitStrategy } from "../retry/create-wait-strategy.js";
import type { DurableLogger, WaitForConditionContext } from "./logger.js";
import type { Serdes } from "./serdes.js";

/**
 * Checks a condition once: receives the state the previous check returned (or the initial state)
 * and returns the new state. It runs again after each delay the wait strategy asks for.
 *
 * @example
 * ```ts
 * const check: WaitForConditionCheckFunc<{ status: string }> = async (state, { attempt }) =>
 *   ({ status: await getJobStatus(jobId) });
 * ```
 */
export type WaitForConditionCheckFunc<T, Logger extends DurableLogger = DurableLogger> = (
  state: T,
  context: WaitForConditionContext<Logger>,
) => Promise<T>;

/**
 * Decides after each check, from the new state and the 1-based attempt, whether to poll again
 * (and after which delay) or to stop. `createWaitStrategy` builds one with exponential backoff.
 */
export type WaitForConditionWaitStrategyFunc<T> = WaitStrategy<T>;

export type { WaitForConditionDecision };

/**
 * Options of `context.waitForCondition`. `initialState` and `waitStrategy` are required.
 *
 * @example
 * ```ts
 * const config: WaitForConditionConfig<{ status: string }> = {
 *   initialState: { status: "PENDING" },
 *   waitStrategy: createWaitStrategy({ shouldContinuePolling: (state) => state.status === "PENDING" }),
 * };
 * ```
 */
export interface WaitForConditionConfig<T> {
  /** Decides after each check whether to poll again and after which delay. */
  waitStrategy: WaitForConditionWaitStrategyFunc<T>;
  /** The state the first check receives. Must not be `undefined`. */
  initialState: T;
  /**
   * How the state is stored between checks.
   *
   * @default the context's serdes, JSON
   */
  serdes?: Serdes<T>;
}
