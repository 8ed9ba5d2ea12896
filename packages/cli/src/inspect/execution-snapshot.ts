import type { Event, GetDurableExecutionResponse } from "@aws-sdk/client-lambda";

/** A value shown as one row of a key/value table (summary, metering). */
export type FieldValue = string | number | boolean | Date | undefined | null;

/**
 * Everything the inspector and the web UI show about one execution.
 *
 * @example
 * ```ts
 * const snapshot: ExecutionSnapshot = { execution, history };
 * ```
 */
export interface ExecutionSnapshot {
  /** `GetDurableExecution` with its data (input, result, error). */
  execution: GetDurableExecutionResponse;
  /** Every history event, oldest first, with payloads. */
  history: Event[];
  /** Extra summary rows (e.g. redrive fields), shown after the execution's own. */
  details?: Readonly<Record<string, FieldValue>>;
  /** When the snapshot was taken (ms since epoch): a running execution's open bars reach to it. */
  observedAt?: number;
  /** What the execution cost (billed operations, bytes), shown when known. */
  metering?: Readonly<Record<string, FieldValue>>;
}
