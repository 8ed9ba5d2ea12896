import type { OperationUpdate } from "@aws-sdk/client-lambda";
import type { ServiceRuntime } from "../runtime.js";
import type { ExecutionRecord, OperationRecord } from "../state/records.js";

/** What applying a checkpoint leaves to do once the whole request is applied. */
export interface CheckpointEffects {
  /** Chained invokes whose targets start after the response is ready. */
  invokesToRun: OperationRecord[];
}

/**
 * How one operation type takes a (validated) checkpoint update: the new status and details, the
 * timers it sets or clears, and the history event it records.
 */
export type UpdateApplier = (
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  record: OperationRecord,
  update: OperationUpdate,
  now: Date,
  effects: CheckpointEffects,
) => void;
