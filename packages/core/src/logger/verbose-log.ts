/** The environment variable that turns on the engine's own diagnostics. */
export const VERBOSE_MODE_ENV_VAR = "DURABLE_VERBOSE_MODE" as const;

// Read once (reading the environment on every call would cost on hot paths); see refreshLogConfig.
let verbose = process.env[VERBOSE_MODE_ENV_VAR] === "true";

/**
 * Reads `DURABLE_VERBOSE_MODE` from the environment again. The engine reads it once, when it is
 * loaded; call this after changing the variable at run time (a CLI that turns diagnostics on after
 * importing the package). With `DURABLE_VERBOSE_MODE=true`, failed calls of
 * `DurableExecutionApiClient` are written to `console.debug` with the execution ARN and the AWS
 * request id.
 *
 * @example
 * ```ts
 * process.env.DURABLE_VERBOSE_MODE = "true";
 * refreshLogConfig();
 * ```
 */
export function refreshLogConfig(): void {
  verbose = process.env[VERBOSE_MODE_ENV_VAR] === "true";
}

/**
 * Writes an engine diagnostic to `console.debug` when verbose mode is on. `details` is a function so
 * nothing is built while it is off.
 */
export function verboseLog(message: string, details: () => Record<string, unknown>): void {
  if (!verbose) return;
  let text: string;
  try {
    text = JSON.stringify(details(), (_key, value: unknown) =>
      value instanceof Error ? { name: value.name, message: value.message } : value,
    );
  } catch {
    text = "(details could not be serialised)";
  }
  console.debug(`[durable-lambda] ${message}`, text);
}
