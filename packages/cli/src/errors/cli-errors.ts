/**
 * A command could not do what it was asked, for a reason the user can fix (a missing file, a
 * module without the named export, bad JSON). The CLI prints the message on one line and exits
 * with {@link ExitCode.failure}.
 *
 * @example
 * ```ts
 * throw new CliError("cannot read --input-file order.json: no such file. Pass an existing JSON file.");
 * ```
 */
export class CliError extends Error {
  override readonly name: string = "CliError";

  constructor(message: string, options?: ErrorOptions) {
    super(message, options);
  }
}

/**
 * A handler module could not be loaded or does not export a function under the requested name.
 *
 * @example
 * ```ts
 * try {
 *   await loadHandler("./missing.ts");
 * } catch (error) {
 *   if (error instanceof HandlerLoadError) console.error(error.message);
 * }
 * ```
 */
export class HandlerLoadError extends CliError {
  override readonly name = "HandlerLoadError";
}

/**
 * Exit codes of the `durable-lambda` command.
 *
 * @example
 * ```ts
 * process.exitCode = result.status === "SUCCEEDED" ? ExitCode.success : ExitCode.failure;
 * ```
 */
export const ExitCode = {
  /** The command did its work (for `run`: the execution SUCCEEDED). */
  success: 0,
  /** The command failed, or the execution did not succeed. */
  failure: 1,
  /** The command line was wrong (unknown option, missing argument, bad value). */
  usage: 2,
} as const;

/** One of {@link ExitCode}'s values. */
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];
