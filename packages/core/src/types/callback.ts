import type { DurablePromise } from "../context/durable-promise.js";
import type { Duration } from "./core.js";
import type { DurableLogger, WaitForCallbackContext } from "./logger.js";
import type { Serdes } from "./serdes.js";
import type { RetryDecision } from "./step.js";

/**
 * Options of `context.createCallback`.
 *
 * @example
 * ```ts
 * const [result, callbackId] = await context.createCallback<string>("approval", {
 *   timeout: { hours: 24 },
 *   heartbeatTimeout: { minutes: 10 },
 * });
 * ```
 */
export interface CreateCallbackConfig<TOutput = string> {
  /** How long the callback may take in total (`CallbackOptions.TimeoutSeconds`); none by default. */
  timeout?: Duration;
  /** Longest gap between heartbeats (`CallbackOptions.HeartbeatTimeoutSeconds`); none by default. */
  heartbeatTimeout?: Duration;
  /**
   * Turns the result string the external system sent into a value.
   *
   * @default the context's `defaultCallbackDeserializer`, or else the raw string
   */
  serdes?: Omit<Serdes<TOutput>, "serialize">;
}

/**
 * Options of `context.waitForCallback`.
 *
 * @example
 * ```ts
 * const answer = await context.waitForCallback("approval", async (id) => sendEmail(id), {
 *   timeout: { days: 1 },
 *   retryStrategy: createRetryStrategy({ maxAttempts: 3 }),
 * });
 * ```
 */
export interface WaitForCallbackConfig<TOutput = string> {
  /** How long the callback may take in total; none by default. */
  timeout?: Duration;
  /** Longest gap between heartbeats; none by default. */
  heartbeatTimeout?: Duration;
  /**
   * Retry policy of the submitter step.
   *
   * @default retryPresets.default
   */
  retryStrategy?: (error: Error, attemptCount: number) => RetryDecision;
  /**
   * Turns the result string into a value.
   *
   * @default the context's `defaultCallbackDeserializer`, or else the raw string
   */
  serdes?: Omit<Serdes<TOutput>, "serialize">;
}

/**
 * What `context.createCallback` resolves with: a promise of the callback's result (await it to
 * wait for the external system) and the callback id to hand to that system.
 */
export type CreateCallbackResult<T = string> = [DurablePromise<T>, string];

/**
 * Hands the callback id to the external system (sends an email, enqueues a job, …). It runs as a
 * step, so it is retried by the retry strategy and not repeated once it succeeded.
 */
export type WaitForCallbackSubmitterFunc<TLogger extends DurableLogger> = (
  callbackId: string,
  context: WaitForCallbackContext<TLogger>,
) => Promise<void>;
