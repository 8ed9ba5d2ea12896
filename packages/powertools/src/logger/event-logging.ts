import type { InvocationScope } from "../scope/invocation-registry.js";

/**
 * Keeps a logger's promise to log the event (the execution's input) once per execution, however
 * logging it is switched on (`POWERTOOLS_LOGGER_LOG_EVENT`, the plugin's `logEvent`, the
 * middleware's `logEvent`) and however many of the plugin, this package's middleware and
 * Powertools' own `injectLambdaContext` ask for it: only the first invocation of an execution
 * logs it, and only the first request within that invocation does.
 *
 * @example
 * ```ts
 * if (events.mayLog(invocation) && logger.shouldLogEvent(logEvent)) events.logged(invocation);
 * ```
 */
export class EventLogging {
  /** The invocations in which this logger logged the event; forgotten with the invocation. */
  readonly #loggedIn = new WeakSet<InvocationScope>();

  /** Whether the event may still be logged in `invocation`. */
  mayLog(invocation: InvocationScope): boolean {
    return invocation.isFirstInvocation && !this.#loggedIn.has(invocation);
  }

  /** Records that the event was logged in `invocation`. */
  logged(invocation: InvocationScope): void {
    this.#loggedIn.add(invocation);
  }
}
