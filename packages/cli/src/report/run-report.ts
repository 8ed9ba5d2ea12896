import { formatRunReport, type LineWriter, type LocalRunResult } from "@durable-lambda/testing";

/**
 * Prints a local run: invocations, outcome, operations tree and history, as plain text tables.
 *
 * @example
 * ```ts
 * const result = await new LocalDurableRunner({ handler }).run({ input });
 * printRunReport(result, (line) => console.log(line));
 * ```
 */
export function printRunReport(result: LocalRunResult, write: LineWriter): void {
  write(formatRunReport(result));
}
