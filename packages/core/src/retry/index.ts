export { MIN_DELAY_SECONDS, type RetryableErrorPattern, type RetryableErrorType } from "./backoff.js";
export {
  createLinearRetryStrategy,
  LINEAR_RETRY_STRATEGY_DEFAULTS,
  type LinearRetryStrategyConfig,
} from "./create-linear-retry-strategy.js";
export {
  createRetryStrategy,
  RETRY_STRATEGY_DEFAULTS,
  type RetryStrategyConfig,
} from "./create-retry-strategy.js";
export {
  createWaitStrategy,
  WAIT_STRATEGY_DEFAULTS,
  type WaitForConditionDecision,
  type WaitStrategy,
  type WaitStrategyConfig,
} from "./create-wait-strategy.js";
export { retryPresets } from "./retry-presets.js";
