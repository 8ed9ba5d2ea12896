/**
 * Where a command writes and what it runs in: the CLI passes the process's streams, tests pass
 * buffers.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * const io: CommandIo = { out: (text) => lines.push(text), err: () => {}, cwd: process.cwd(), env: process.env };
 * ```
 */
export interface CommandIo {
  /** Standard output: the command's result (reports, tables, JSON). */
  out(text: string): void;
  /** Standard error: progress and errors. */
  err(text: string): void;
  /** Directory relative paths are resolved against. */
  cwd: string;
  /** Environment variables (`AWS_ENDPOINT_URL_LAMBDA`, …). */
  env: NodeJS.ProcessEnv;
}

/**
 * The IO of the running process.
 *
 * @example
 * ```ts
 * const io = processIo();
 * io.out("done");
 * ```
 */
export function processIo(): CommandIo {
  return {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    cwd: process.cwd(),
    env: process.env,
  };
}
