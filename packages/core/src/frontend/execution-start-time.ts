import { normalizeOperation } from "../state/execution-state.js";
import { OperationType, type WireOperation } from "../types/wire.js";

/**
 * When the durable execution started, read from the envelope's EXECUTION operation (the first
 * operation of every execution, so it is on the envelope's first page). The same on every
 * invocation of the execution; `undefined` when the envelope does not carry it.
 *
 * The envelope does not carry the execution timeout (it is the function's `DurableConfig`), so
 * this is as close to the execution's remaining time as a front end can get without being told.
 *
 * @example
 * ```ts
 * const started = executionStartTime(event);
 * const remainingMs = started && started.getTime() + executionTimeoutMs - Date.now();
 * ```
 */
export function executionStartTime(event: unknown): Date | undefined {
  const operations = (event as { InitialExecutionState?: { Operations?: unknown } } | null)
    ?.InitialExecutionState?.Operations;
  if (!Array.isArray(operations)) return undefined;
  for (const operation of operations as WireOperation[]) {
    if (operation?.Type === OperationType.EXECUTION) return normalizeOperation(operation).StartTimestamp;
  }
  return undefined;
}
