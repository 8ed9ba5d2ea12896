import { realpathSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LocalDurableRunner, type LocalRunResult } from "@durable-lambda/testing";
import { handler, type OrderEvent, type OrderResult } from "./order-workflow.js";

/** Where the demo prints its report (one line per call). */
export type LineWriter = (line: string) => void;

/** The input of the demo run. */
export const demoInput: OrderEvent = {
  orderId: "order-1001",
  items: [
    { sku: "KB-MECH-01", quantity: 1, unitPrice: 89.9 },
    { sku: "MOUSE-02", quantity: 2, unitPrice: 24.5 },
  ],
};

/**
 * Runs the order workflow on the in-process local durable service and prints the story:
 * invocations, outcome, operations and history. Resolves with the run result.
 */
export async function runDemo(
  write: LineWriter = (line) => console.log(line),
): Promise<LocalRunResult<OrderResult>> {
  const runner = new LocalDurableRunner({ handler });
  try {
    write(`Running the order workflow for ${demoInput.orderId} on the local durable service (virtual clock)`);
    write("");
    const result = (await runner.run({ input: demoInput })) as LocalRunResult<OrderResult>;
    printReport(result, write);
    return result;
  } finally {
    await runner.close();
  }
}

/** Prints a run result as plain text with aligned columns. */
export function printReport(result: LocalRunResult, write: LineWriter): void {
  const origin = result.invocations[0]?.startTimestamp.getTime() ?? 0;
  const at = (date: Date | undefined) =>
    date === undefined ? "-" : `${date.toISOString()} (${offset(date.getTime() - origin)})`;

  write("");
  write("== Invocations ==");
  write(
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

  write("");
  write("== Outcome ==");
  write(`status: ${result.status}`);
  if (result.status === "SUCCEEDED") write(`result: ${JSON.stringify(result.result, null, 2)}`);
  else write(`error:  ${JSON.stringify(result.error)}`);

  write("");
  write("== Operations ==");
  const depth = (parentId: string | undefined): number => {
    let level = 0;
    for (let id = parentId; id !== undefined; id = result.getOperationById(id)?.ParentId) level += 1;
    return level;
  };
  write(
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

  write("");
  write("== History ==");
  write(
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
}

function offset(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `+${h}h${String(m).padStart(2, "0")}m${String(s).padStart(2, "0")}s`;
}

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

function isMain(): boolean {
  const entry = process.argv[1];
  if (entry === undefined) return false;
  try {
    return realpathSync(entry) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

if (isMain()) {
  try {
    const result = await runDemo();
    process.exitCode = result.status === "SUCCEEDED" ? 0 : 1;
  } catch (error) {
    console.error(error);
    process.exitCode = 1;
  }
}
