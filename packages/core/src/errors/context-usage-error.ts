/** The first words of a {@link ContextUsageError} message, as the official SDK writes them. */
const CONTEXT_USAGE_ERROR_PREFIX = "Context usage error in";

/**
 * A durable operation was started on a context other than the one whose code is running: the
 * parent's `context` used inside `runInChildContext`, a map item or a `waitForCondition` check, or
 * any durable operation started inside a step function. The operation would be recorded at the
 * wrong place in the history (or block a step in real time), so it is refused before anything is
 * checkpointed or run, and the execution fails with this error.
 *
 * @example
 * ```ts
 * // Wrong: `context` is the parent here.
 * await context.runInChildContext("child", async (child) => context.step("s", work));
 * // Right: use the context the function receives.
 * await context.runInChildContext("child", async (child) => child.step("s", work));
 * ```
 */
export class ContextUsageError extends Error {
  override readonly name: string = "ContextUsageError";
  /** The operation that was refused (`step`, `wait`, `map`, …). */
  readonly operation: string;

  /**
   * @param operation - The refused operation (`step`, `wait`, …).
   * @param operationName - Its name, when it has one.
   * @param runningIn - Where the code that called it runs: `step "charge"` or `child context "c"`.
   */
  constructor(operation: string, operationName: string | undefined, runningIn: string) {
    const called =
      operationName === undefined ? `context.${operation}()` : `context.${operation}("${operationName}")`;
    super(
      `${CONTEXT_USAGE_ERROR_PREFIX} "${operation}": You are using a parent or sibling context instead of the ` +
        `current child context. ${called} was called from code running in ${runningIn}, on a context that ` +
        "is not the one running it, so it was refused before anything was recorded or run, and the execution " +
        "fails. Inside runInChildContext, map, parallel and waitForCondition, use the context your function " +
        "receives; inside a step function, start no durable operations (return a value from the step and " +
        "continue after it).",
    );
    this.operation = operation;
  }
}
