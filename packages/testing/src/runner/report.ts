import type { LocalRunResult } from "./run-result.js";

/** Where a report goes, one line per call. */
export type LineWriter = (line: string) => void;

function offset(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `+${h}h${String(m).padStart(2, "0")}m${String(s).padStart(2, "0")}s`;
}

/** Columns padded to the widest cell, with a rule under the header. */
function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/**
 * A run as plain text: the invocations, the outcome, the operations as a tree (with attempts)
 * and the history, times shown on the virtual clock and as offsets from the first invocation.
 *
 * @example
 * ```ts
 * const result = await runner.run();
 * console.log(formatRunReport(result));
 * ```
 */
export function formatRunReport(result: LocalRunResult): string {
  const lines: string[] = [];
  const origin =
    result.invocations[0]?.startTimestamp.getTime() ?? result.execution.StartTimestamp?.getTime() ?? 0;
  const at = (date: Date | undefined) =>
    date === undefined ? "-" : `${date.toISOString()} (${offset(date.getTime() - origin)})`;

  lines.push("== Invocations ==");
  lines.push(
    table(
      ["#", "request", "started (virtual)", "returned"],
      result.invocations.map((invocation, index) => [
        String(index + 1),
        invocation.requestId.slice(0, 8),
        at(invocation.startTimestamp),
        invocation.output !== undefined
          ? invocation.output.Status
          : `Lambda error ${invocation.error?.ErrorType ?? "?"}: ${invocation.error?.ErrorMessage ?? ""}`,
      ]),
    ),
  );
  lines.push("", "== Outcome ==", `status: ${result.status}`);
  if (result.status === "SUCCEEDED") lines.push(`result: ${JSON.stringify(result.result, null, 2)}`);
  else if (result.error !== undefined) lines.push(`error:  ${JSON.stringify(result.error)}`);

  const depth = (parentId: string | undefined): number => {
    let level = 0;
    for (let id = parentId; id !== undefined; id = result.getOperationById(id)?.ParentId) level += 1;
    return level;
  };
  lines.push("", "== Operations ==");
  lines.push(
    table(
      ["name", "type/subtype", "status", "attempt"],
      result.operations.map((operation) => [
        `${"  ".repeat(depth(operation.ParentId))}${operation.Name ?? "(unnamed)"}`,
        operation.SubType === undefined ? String(operation.Type) : `${operation.Type}/${operation.SubType}`,
        String(operation.Status),
        operation.StepDetails?.Attempt === undefined ? "-" : String(operation.StepDetails.Attempt),
      ]),
    ),
  );
  lines.push("", "== History ==");
  lines.push(
    table(
      ["id", "timestamp (virtual)", "event", "name"],
      result.history.map((event) => [
        String(event.EventId ?? "-"),
        at(event.EventTimestamp),
        String(event.EventType),
        event.Name ?? "",
      ]),
    ),
  );
  return lines.join("\n");
}
