import { DurableConfigurationError, isSuspension, UnrecoverableError } from "../errors/index.js";
import type { ChildConfig } from "../types/child-context.js";
import type { DurableContext } from "../types/durable-context.js";
import type { RetryDecision } from "../types/step.js";

/** The delay between attempts when the retry strategy gives none. */
const DEFAULT_BACKOFF = { seconds: 1 } as const;

/** Options of {@link withRetry}. */
export interface WithRetryConfig<T> {
  /** Decides after each failed attempt whether to try again, and after how long (a durable wait). */
  retryStrategy: (error: Error, attemptCount: number) => RetryDecision;
  /**
   * Group the attempts and their waits under one child context (default true). Then a final
   * failure rejects with a `ChildContextError` whose `cause` is the last attempt's error;
   * otherwise the last attempt's error is rethrown as it is.
   */
  wrapWithRunInChildContext?: boolean;
  /** Options of the wrapping child context (ignored when not wrapping). */
  childContextConfig?: ChildConfig<T>;
}

/** One attempt: any durable logic (steps, waits, callbacks…) run from the top each time. */
export type RetryableFunc<T> = (context: DurableContext, attempt: number) => Promise<T>;

/**
 * Retries a whole block of durable logic, not just one step: `func` runs again from the top after
 * each failure the strategy accepts, with a durable wait (`<name>-backoff-<n>`) in between. Use
 * `step`'s own `retryStrategy` to retry a single step.
 *
 * @example
 * ```ts
 * const receipt = await withRetry(context, "checkout", async (ctx, attempt) => {
 *   const quote = await ctx.step("quote", async () => getQuote(cart));
 *   return ctx.step("pay", async () => pay(quote));
 * }, { retryStrategy: createRetryStrategy({ maxAttempts: 3 }) });
 * ```
 */
export function withRetry<T>(
  context: DurableContext,
  name: string,
  func: RetryableFunc<T>,
  config: WithRetryConfig<T>,
): Promise<T>;
export function withRetry<T>(
  context: DurableContext,
  func: RetryableFunc<T>,
  config: WithRetryConfig<T>,
): Promise<T>;
export async function withRetry<T>(
  context: DurableContext,
  nameOrFunc: string | undefined | RetryableFunc<T>,
  funcOrConfig: RetryableFunc<T> | WithRetryConfig<T>,
  maybeConfig?: WithRetryConfig<T>,
): Promise<T> {
  const named = typeof nameOrFunc !== "function";
  const name = named ? (nameOrFunc as string | undefined) : undefined;
  const func = (named ? funcOrConfig : nameOrFunc) as RetryableFunc<T>;
  const config = (named ? maybeConfig : funcOrConfig) as WithRetryConfig<T> | undefined;
  if (typeof func !== "function") {
    throw new DurableConfigurationError(
      'withRetry() needs a function to run, for example withRetry(context, "name", async (ctx, attempt) => …, { retryStrategy }).',
    );
  }
  if (typeof config?.retryStrategy !== "function") {
    throw new DurableConfigurationError(
      "withRetry() needs config.retryStrategy, for example { retryStrategy: createRetryStrategy({ maxAttempts: 3 }) }.",
      { option: "retryStrategy" },
    );
  }
  const { retryStrategy } = config;
  const attempts = async (ctx: DurableContext): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await func(ctx, attempt);
      } catch (error) {
        // Suspension and engine failures are not attempt failures.
        if (isSuspension(error) || error instanceof UnrecoverableError) throw error;
        const decision = retryStrategy(error instanceof Error ? error : new Error(String(error)), attempt);
        if (!decision.shouldRetry) throw error;
        const delay = decision.delay ?? DEFAULT_BACKOFF;
        if (name === undefined) await ctx.wait(delay);
        else await ctx.wait(`${name}-backoff-${attempt}`, delay);
      }
    }
  };
  if (config.wrapWithRunInChildContext === false) return attempts(context);
  return context.runInChildContext(name, attempts, config.childContextConfig);
}
