import { UnrecoverableError, UnrecoverableErrorScope } from "./engine-errors.js";

/**
 * With `strictSerdes` on, an operation produced a value the default JSON serdes would not give back
 * as it was: a `Date` would replay as a string, a `Map` as `{}`, `undefined` would vanish. Instead of
 * storing it, the execution fails with this error, which names the operation and the path inside
 * the value.
 *
 * @example
 * ```ts
 * withDurableExecution(handler, { strictSerdes: true });
 * // context.step("load", async () => ({ when: new Date() })) fails the execution with:
 * // StrictSerdesError: The value of step "load" (id 1) would not replay as it is: result.when is a Date …
 * ```
 */
export class StrictSerdesError extends UnrecoverableError {
  override readonly name: string = "StrictSerdesError";
  readonly scope = UnrecoverableErrorScope.EXECUTION;
  /** Where in the value the problem is, and what it is (`result.when is a Date …`). */
  readonly problem: string;

  /**
   * @param operationId - The operation's unhashed id.
   * @param operationName - Its name, when it has one.
   * @param problem - The path and the kind of value, from the strict check.
   */
  constructor(operationId: string, operationName: string | undefined, problem: string) {
    const operation =
      operationName === undefined ? `"${operationId}"` : `"${operationName}" (id ${operationId})`;
    super(
      `The value of operation ${operation} would not replay as it is: ${problem}. strictSerdes is on, so ` +
        "the execution fails instead of storing it. Return plain JSON data (for a Date, its toISOString(); " +
        "for a Map, Object.fromEntries(map)), or give the operation a serdes that keeps the type.",
    );
    this.problem = problem;
  }
}
