import type { Event, Operation } from "@aws-sdk/client-lambda";

/**
 * Formats rows as plain text with aligned columns: a header, a rule of dashes, then one line per
 * row. The last column is not padded, so lines carry no trailing spaces.
 *
 * @example
 * ```ts
 * textTable(["name", "status"], [["charge", "SUCCEEDED"]]);
 * // name    status
 * // ------  ---------
 * // charge  SUCCEEDED
 * ```
 */
export function textTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    cells
      .map((cell, column) => (column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0)))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((width) => "-".repeat(width))), ...rows.map(line)].join("\n");
}

/**
 * Formats a duration in ms as `+1h00m05s` (rounded to the second), for offsets from a start.
 *
 * @example
 * ```ts
 * formatOffset(3_605_000); // "+1h00m05s"
 * ```
 */
export function formatOffset(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return `+${hours}h${String(minutes).padStart(2, "0")}m${String(rest).padStart(2, "0")}s`;
}

/** Formats a timestamp as ISO-8601 with its offset from `origin` (ms), or `-`. */
export function timestampWithOffset(date: Date | undefined, origin: number): string {
  return date === undefined ? "-" : `${date.toISOString()} (${formatOffset(date.getTime() - origin)})`;
}

/**
 * The operations as a table indented by nesting: name, type/subtype, status and step attempt.
 *
 * @example
 * ```ts
 * console.log(operationsTable(result.operations));
 * ```
 */
export function operationsTable(operations: readonly Operation[]): string {
  const byId = new Map(operations.map((operation) => [operation.Id, operation]));
  const depth = (parentId: string | undefined): number => {
    let level = 0;
    for (let id = parentId; id !== undefined; id = byId.get(id)?.ParentId) level += 1;
    return level;
  };
  return textTable(
    ["name", "type/subtype", "status", "attempt"],
    operations.map((operation) => [
      `${"  ".repeat(depth(operation.ParentId))}${operation.Name ?? "(unnamed)"}`,
      operation.SubType === undefined ? String(operation.Type) : `${operation.Type}/${operation.SubType}`,
      String(operation.Status),
      operation.StepDetails?.Attempt === undefined ? "-" : String(operation.StepDetails.Attempt),
    ]),
  );
}

/**
 * The history as a table: event id, timestamp with its offset from `origin` (ms), event type, name.
 *
 * @example
 * ```ts
 * console.log(historyTable(result.history, result.history[0]?.EventTimestamp?.getTime() ?? 0));
 * ```
 */
export function historyTable(history: readonly Event[], origin: number): string {
  return textTable(
    ["id", "timestamp", "event", "name"],
    history.map((event) => [
      String(event.EventId ?? "-"),
      timestampWithOffset(event.EventTimestamp, origin),
      String(event.EventType),
      event.Name ?? "",
    ]),
  );
}
