import type { Logger } from "@aws-lambda-powertools/logger";
import { isSuspension } from "@durable-lambda/core";
import type { Context } from "aws-lambda";
import { PowertoolsCleanupKey, UNCAUGHT_ERROR_LOG_MESSAGE } from "../constants.js";

/**
 * Options of {@link injectLambdaContext}: Powertools' options, with durable defaults.
 *
 * @example
 * ```ts
 * middy().use(durable({ plugins: [logger.plugin()] })).use(injectLambdaContext(logger, { logEvent: true }));
 * ```
 */
export interface DurableInjectLambdaContextOptions {
  /**
   * Log the event (the execution's input) as "Lambda invocation event", on the first invocation of
   * a durable execution only.
   *
   * @default the `POWERTOOLS_LOGGER_LOG_EVENT` environment variable, else `false`
   */
  logEvent?: boolean;
  /**
   * Remove temporary keys after every invocation, suspended ones included.
   *
   * @default true
   */
  resetKeys?: boolean;
  /**
   * When the handler fails, print the log buffer and an error record. A suspension is not a
   * failure: the buffer is cleared, as after a success.
   *
   * @default false
   */
  flushBufferOnUncaughtError?: boolean;
  /** A JMESPath expression into the event; its value becomes `correlation_id` on every invocation. */
  correlationIdPath?: string;
}

/**
 * The part of Middy's request this middleware uses (typed by shape, so `@middy/core` stays optional).
 *
 * @example
 * ```ts
 * const request: MiddyRequestLike = { event: {}, context: lambdaContext, internal: {} };
 * ```
 */
export interface MiddyRequestLike {
  event: unknown;
  context: unknown;
  error?: unknown;
  internal: Record<string, unknown>;
}

/**
 * A Middy middleware object, typed by shape.
 *
 * @example
 * ```ts
 * const middleware: MiddlewareLike = injectLambdaContext(logger);
 * ```
 */
export interface MiddlewareLike {
  before: (request: MiddyRequestLike) => void;
  after: (request: MiddyRequestLike) => void;
  onError: (request: MiddyRequestLike) => void;
}

const MIDDLEWARE_DEFAULTS = { resetKeys: true, flushBufferOnUncaughtError: false } as const;

/** The key `durable()` (`@durable-lambda/middy`) publishes its replay facts under in `request.internal`. */
const DURABLE_FACTS_KEY = "durable";

type CleanupFunction = (request: MiddyRequestLike) => unknown;

/** Whether this invocation starts its execution; `undefined` when `durable()` published nothing. */
function isFirstInvocation(request: MiddyRequestLike): boolean | undefined {
  const facts = request.internal[DURABLE_FACTS_KEY] as { isFirstInvocation?: unknown } | undefined;
  return typeof facts?.isFirstInvocation === "boolean" ? facts.isFirstInvocation : undefined;
}

/** The real Lambda context: a durable context carries it as `lambdaContext`. */
function lambdaContextOf(context: unknown): Context {
  const lambdaContext = (context as { lambdaContext?: unknown } | undefined)?.lambdaContext;
  return (typeof lambdaContext === "object" && lambdaContext !== null ? lambdaContext : context) as Context;
}

/**
 * Powertools' `injectLambdaContext` for durable handlers behind `durable()`; register it after
 * `durable()`. On every invocation it adds the Lambda fields from the real Lambda context and
 * re-applies the correlation id and the sampling decision; it logs the event on the first
 * invocation of an execution only; after every invocation, suspended ones included, it clears the
 * log buffer (or flushes it for a real failure) and resets temporary keys. It also registers its
 * clean-up for Powertools' `cleanupMiddlewares`, next to any clean-up already there.
 *
 * Powertools' own `injectLambdaContext` also works with a {@link DurableLogger}; this one adds the
 * durable defaults and treats a suspension as a success.
 *
 * @example
 * ```ts
 * import middy from "@middy/core";
 * import { durable } from "@durable-lambda/middy";
 * import { DurableLogger } from "@durable-lambda/powertools";
 * import { injectLambdaContext } from "@durable-lambda/powertools/middleware";
 *
 * const logger = new DurableLogger({ serviceName: "orders" });
 * export const handler = middy()
 *   .use(durable({ plugins: [logger.plugin()] }))
 *   .use(injectLambdaContext(logger, { logEvent: true }))
 *   .handler(async (event, context) => context.step("ship", async () => ship(event)));
 * ```
 */
export function injectLambdaContext(
  target: Logger | Logger[],
  options: DurableInjectLambdaContextOptions = {},
): MiddlewareLike {
  const loggers = Array.isArray(target) ? target : [target];
  const settings = { ...MIDDLEWARE_DEFAULTS, ...options };

  const cleanUp = (failure: { error: unknown } | undefined): void => {
    for (const logger of loggers) {
      if (failure !== undefined && !isSuspension(failure.error) && settings.flushBufferOnUncaughtError) {
        logger.flushBuffer();
        logger.error({ message: UNCAUGHT_ERROR_LOG_MESSAGE, error: failure.error });
      } else {
        logger.clearBuffer();
      }
      if (settings.resetKeys) logger.resetKeys();
    }
  };

  const registerCleanup = (request: MiddyRequestLike): void => {
    const previous = request.internal[PowertoolsCleanupKey.LOGGER] as CleanupFunction | undefined;
    request.internal[PowertoolsCleanupKey.LOGGER] = async (cleanupRequest: MiddyRequestLike) => {
      if (typeof previous === "function") await previous(cleanupRequest);
      cleanUp(undefined);
    };
  };

  const injectLambdaContextBefore = (request: MiddyRequestLike): void => {
    registerCleanup(request);
    const firstInvocation = isFirstInvocation(request);
    const lambdaContext = lambdaContextOf(request.context);
    for (const logger of loggers) {
      logger.refreshSampleRateCalculation();
      logger.addContext(lambdaContext);
      if (settings.correlationIdPath !== undefined)
        logger.setCorrelationId(request.event, settings.correlationIdPath);
      if (firstInvocation !== false) logger.logEventIfEnabled(request.event, settings.logEvent);
    }
  };

  const injectLambdaContextAfter = (): void => cleanUp(undefined);

  const injectLambdaContextOnError = (request: MiddyRequestLike): void => cleanUp({ error: request.error });

  return {
    before: injectLambdaContextBefore,
    after: injectLambdaContextAfter,
    onError: injectLambdaContextOnError,
  };
}
