import { InvalidDurableEventError, UnrecoverableError, UnrecoverableErrorScope } from "@durable-lambda/core";

/** The package name, in `cause.package` of option errors (Middy's convention). */
export const PACKAGE_NAME = "@durable-lambda/middy";

/**
 * `durable()` received an event that is not a durable execution envelope: the function is not
 * configured as durable, the handler was called directly (a test event, the console), or a
 * middleware registered before `durable()` replaced the event. Thrown from `durable()`'s `before`,
 * so Lambda reports a failed invocation; no durable execution exists to fail.
 *
 * @example
 * ```ts
 * await expect(handler({ orderId: "1" }, lambdaContext)).rejects.toBeInstanceOf(NonDurableEventError);
 * ```
 */
export class NonDurableEventError extends InvalidDurableEventError {
  override readonly name: string = "NonDurableEventError";

  /** @param cause - The engine's verdict on the envelope (which field is wrong, and how). */
  constructor(cause: InvalidDurableEventError) {
    super(cause.field, "is missing or invalid", { cause });
    this.message =
      `${cause.message}\n` +
      "durable() runs the handler only for durable invocations. If durable() is not the first .use(), " +
      "an earlier middleware may have replaced the event: register durable() first. To test the handler " +
      "locally, drive it with LocalDurableRunner from @durable-lambda/testing. To run the handler without " +
      'durability for such events, pass durable({ nonDurableEvent: "passThrough" }).';
  }
}

/**
 * Middy's early timeout (`timeoutEarlyInMillis`) fired while the durable handler was still running.
 * A durable execution must not fail because one invocation ran out of time: the checkpoints written
 * so far are kept, and this error ends the invocation so Lambda retries it; the execution resumes
 * from its last checkpoint. Its scope is `INVOCATION`, which the engine's outcome mapping rethrows.
 *
 * @example
 * ```ts
 * const result = await runner.run();
 * result.invocations[0]?.error?.ErrorType; // "EarlyTimeoutError"
 * ```
 */
export class EarlyTimeoutError extends UnrecoverableError {
  override readonly name: string = "EarlyTimeoutError";
  readonly scope = UnrecoverableErrorScope.INVOCATION;

  /**
   * @param cause - Middy's `TimeoutError`.
   * @param remainingTimeMs - What was left of the invocation when the timeout fired.
   */
  constructor(cause: unknown, remainingTimeMs: number) {
    super(
      `Middy's early timeout fired with ${remainingTimeMs} ms of the invocation left while the durable ` +
        "handler was still running. The checkpoints written so far are kept; this invocation ends with an " +
        "error so Lambda retries it and the durable execution resumes from its last checkpoint instead of " +
        "failing. If invocations often reach the deadline, raise the function's timeout or split long work " +
        "into more steps.",
      { cause },
    );
  }
}

/** Whether `error` is the `TimeoutError` Middy's default `timeoutEarlyResponse` throws. */
export function isMiddyEarlyTimeout(error: unknown): boolean {
  if (!(error instanceof Error) || error.name !== "TimeoutError") return false;
  const cause = error.cause as { package?: unknown } | undefined;
  return cause?.package === "@middy/core";
}
