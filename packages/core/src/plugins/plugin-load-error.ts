/**
 * An instrumentation plugin named in `DURABLE_EXECUTION_PLUGINS` could not be loaded: a malformed
 * list, a module that cannot be found or fails to evaluate, a missing or invalid
 * `durableExecutionPluginProvider`, or a provider whose `createPlugin()` fails. Every invocation of
 * the function then reports FAILED with this error, before the execution state is read.
 *
 * @example
 * ```ts
 * const output = await handler(event, context);
 * if (output.Status === "FAILED" && output.Error.ErrorType === "PluginLoadError") {
 *   console.error(output.Error.ErrorMessage); // names the module and the fix
 * }
 * ```
 */
export class PluginLoadError extends Error {
  override readonly name: string = "PluginLoadError";
  /** The module specifier at fault, when the error concerns one module. */
  readonly specifier: string | undefined;

  /** @param message - What failed, for which module, and how to fix it. */
  constructor(message: string, options?: { specifier?: string; cause?: unknown }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.specifier = options?.specifier;
  }
}
