import { historyTable, operationsTable, textTable, timestampWithOffset } from "./report-tables.js";
import type { LocalRunResult } from "./run-result.js";

/** Where a report goes, one line per call. */
export type LineWriter = (line: string) => void;

/**
 * A run as plain text: the invocations, the outcome, the operations as a tree (with attempts)
 * and the history, times on the runner's clock (virtual when time is skipped) and as offsets from
 * the first invocation.
 *
 * @example
 * ```ts
 * const result = await runner.run();
 * console.log(formatRunReport(result));
 * ```
 */
export function formatRunReport(result: LocalRunResult): string {
  const origin =
    result.invocations[0]?.startTimestamp.getTime() ?? result.execution.StartTimestamp?.getTime() ?? 0;
  const lines = [
    "== Invocations ==",
    textTable(
      ["#", "request", "started", "returned"],
      result.invocations.map((invocation, index) => [
        String(index + 1),
        invocation.requestId.slice(0, 8),
        timestampWithOffset(invocation.startTimestamp, origin),
        invocation.output !== undefined
          ? invocation.output.Status
          : `Lambda error ${invocation.error?.ErrorType ?? "?"}: ${invocation.error?.ErrorMessage ?? ""}`,
      ]),
    ),
    "",
    "== Outcome ==",
    `execution: ${result.executionArn}`,
    `status: ${result.status}`,
  ];
  if (result.status === "SUCCEEDED") lines.push(`result: ${JSON.stringify(result.result, null, 2)}`);
  else if (result.error !== undefined) lines.push(`error:  ${JSON.stringify(result.error)}`);
  lines.push("", "== Operations ==", operationsTable(result.operations));
  lines.push("", "== History ==", historyTable(result.history, origin));
  return lines.join("\n");
}
