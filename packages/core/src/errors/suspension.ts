/**
 * Brand of {@link InvocationSuspendedError}. A registered symbol, so copies of this package loaded
 * side by side (bundled plugins, test harnesses) recognise each other's suspensions.
 */
const SUSPENSION_BRAND = Symbol.for("@durable-lambda/core/suspension");

/**
 * Thrown through user code when the invocation stops to wait (a timer, a retry delay, a callback)
 * and resumes in a later invocation. It is not a failure; code that catches errors around durable
 * operations must rethrow it.
 *
 * @example
 * ```ts
 * try {
 *   await context.step("charge", charge);
 * } catch (error) {
 *   if (isSuspension(error)) throw error;
 *   await context.step("refund", refund);
 * }
 * ```
 */
export class InvocationSuspendedError extends Error {
  override readonly name: string = "InvocationSuspendedError";
  /** Why the invocation is suspending (e.g. "wait 'cool-down' is scheduled"). */
  readonly reason: string;

  /** @param reason - Why the invocation is suspending, completing "suspending because …". */
  constructor(reason: string) {
    super(
      `The invocation is suspending because ${reason}. This is not a failure: the durable execution ` +
        "continues in a later invocation. If you catch errors around durable operations, rethrow this " +
        "one (check it with isSuspension(error)).",
    );
    this.reason = reason;
    // Non-enumerable so the brand never shows up in logged or serialized errors.
    Object.defineProperty(this, SUSPENSION_BRAND, { value: true });
  }
}

/**
 * Whether `error` is an {@link InvocationSuspendedError}, from any copy of this package.
 *
 * @example
 * ```ts
 * } catch (error) {
 *   if (isSuspension(error)) throw error;
 *   handle(error);
 * }
 * ```
 */
export function isSuspension(error: unknown): boolean {
  return typeof error === "object" && error !== null && Reflect.get(error, SUSPENSION_BRAND) === true;
}
