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
