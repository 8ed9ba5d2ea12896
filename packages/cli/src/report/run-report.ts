import type { Event, Operation } from "@aws-sdk/client-lambda";
import type { LocalRunResult } from "@durable-lambda/testing";
import { formatOffset, textTable } from "./text-table.js";

/**
 * Where a report goes, one call per line (or block of lines).
 *
 * @example
 * ```ts
 * const write: LineWriter = (line) => console.log(line);
 * ```
 */
export type LineWriter = (line: string) => void;

/** Formats a timestamp as ISO-8601 with its offset from `origin` (ms), or `-`. */
function at(date: Date | undefined, origin: number): string {
  return date === undefined ? "-" : `${date.toISOString()} (${formatOffset(date.getTime() - origin)})`;
}

/**
 * The operations as a table indented by nesting: name, type/subtype, status and step attempt.
 *
 * @example
 * ```ts
 * write(operationsTable(result.operations));
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
 * The history as a table: event id, timestamp with its offset from `origin`, event type, name.
 *
 * @example
 * ```ts
 * write(historyTable(result.history, result.history[0]?.EventTimestamp?.getTime() ?? 0));
 * ```
 */
export function historyTable(history: readonly Event[], origin: number): string {
  return textTable(
    ["id", "timestamp", "event", "name"],
    history.map((event) => [
      String(event.EventId ?? "-"),
      at(event.EventTimestamp, origin),
      String(event.EventType),
      event.Name ?? "",
    ]),
  );
}

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
  const origin = result.invocations[0]?.startTimestamp.getTime() ?? 0;
  write("== Invocations ==");
  write(
    textTable(
      ["#", "request", "started", "returned"],
      result.invocations.map((invocation, index) => [
        String(index + 1),
        invocation.requestId.slice(0, 8),
        at(invocation.startTimestamp, origin),
        invocation.output !== undefined
          ? invocation.output.Status
          : `Lambda error ${invocation.error?.ErrorType ?? "?"}: ${invocation.error?.ErrorMessage ?? ""}`,
      ]),
    ),
  );
  write("");
  write("== Outcome ==");
  write(`execution: ${result.executionArn}`);
  write(`status: ${result.status}`);
  if (result.status === "SUCCEEDED") write(`result: ${JSON.stringify(result.result, null, 2)}`);
  else if (result.error !== undefined) write(`error:  ${JSON.stringify(result.error)}`);
  write("");
  write("== Operations ==");
  write(operationsTable(result.operations));
  write("");
  write("== History ==");
  write(historyTable(result.history, origin));
}
