/**
 * Where log lines go: anything with a `write(string)`, like `process.stdout`.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const logger = new DurableLogger({ output: { write: (line) => lines.push(line) } });
 * ```
 */
export interface LogSink {
  write(line: string): unknown;
}

/** Writes one record as one line; a closed stream must not turn logging into a failure of user code. */
export function writeLine(output: LogSink, line: string): void {
  try {
    output.write(`${line}\n`);
  } catch {
    // Nothing sensible to do: the line is lost, the user's code goes on.
  }
}

/**
 * Points the console a Powertools utility prints with (the Logger's `flushBuffer()`, the Metrics'
 * EMF blobs) at `output`, compact. `POWERTOOLS_DEV` otherwise selects the global `console`, which
 * Lambda's JSON log format wraps, and pretty-printed multi-line JSON. Powertools declares these
 * fields private; if a release renames them, the utility keeps its own output.
 */
export function routeConsoleOutput(utility: object, output: LogSink): void {
  const write = (line: unknown): void => writeLine(output, String(line));
  const internals = utility as { console?: unknown; logIndentation?: unknown };
  if (!("console" in internals)) return;
  internals.console = {
    trace: write,
    debug: write,
    info: write,
    log: write,
    warn: write,
    error: write,
    critical: write,
  };
  if ("logIndentation" in internals) internals.logIndentation = 0;
}
