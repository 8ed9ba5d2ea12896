import { isSuspension } from "@durable-lambda/core";

/** Any Middy middleware, seen through its `onError` (typed loosely so every middleware fits). */
type WithOnError = { onError?: ((request: never) => unknown) | undefined };

/**
 * Returns `middleware` with its `onError` skipped when the invocation is only suspending (a wait, a
 * retry delay, a callback), so error reporters such as `@middy/error-logger` report real failures
 * and stay quiet on every suspended invocation. `before` and `after` are unchanged. Cleanup
 * middlewares should not be wrapped: their `onError` is what runs them on a suspended invocation.
 *
 * @example
 * ```ts
 * import errorLogger from "@middy/error-logger";
 *
 * export const handler = middy().use(durable()).use(skipOnSuspension(errorLogger())).handler(workflow);
 * ```
 */
export function skipOnSuspension<TMiddleware extends WithOnError>(middleware: TMiddleware): TMiddleware {
  const onError = middleware.onError;
  if (onError === undefined) return middleware;
  const skipOnSuspensionOnError = (request: { error?: unknown }): unknown =>
    isSuspension(request.error) ? undefined : onError(request as never);
  return { ...middleware, onError: skipOnSuspensionOnError };
}
