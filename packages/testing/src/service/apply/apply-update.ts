import type { OperationUpdate } from "@aws-sdk/client-lambda";
import { ExecutionStatus, OperationAction, OperationStatus, OperationType } from "../constants.js";
import { finishExecution } from "../lifecycle.js";
import type { ServiceRuntime } from "../runtime.js";
import type { ExecutionRecord, OperationRecord } from "../state/records.js";
import type { CheckpointEffects, UpdateApplier } from "./applier.js";
import { applyCallback } from "./callback.js";
import { applyChainedInvoke } from "./chained-invoke.js";
import { applyContext } from "./context.js";
import { applyStep } from "./step.js";
import { applyWait } from "./wait.js";

/** The applier of each operation type (EXECUTION updates end the execution instead). */
const APPLIERS: Readonly<Record<string, UpdateApplier>> = {
  [OperationType.STEP]: applyStep,
  [OperationType.CONTEXT]: applyContext,
  [OperationType.WAIT]: applyWait,
  [OperationType.CALLBACK]: applyCallback,
  [OperationType.CHAINED_INVOKE]: applyChainedInvoke,
};

/** Applies one validated checkpoint update, creating the operation on its first update. */
export function applyUpdate(
  runtime: ServiceRuntime,
  exec: ExecutionRecord,
  update: OperationUpdate,
  effects: CheckpointEffects,
): void {
  if (update.Type === OperationType.EXECUTION) {
    // Any EXECUTION update applies to the execution itself, whatever its Id (large-result path).
    if (update.Action === OperationAction.SUCCEED) {
      finishExecution(runtime, exec, ExecutionStatus.SUCCEEDED, { result: update.Payload });
    } else {
      finishExecution(runtime, exec, ExecutionStatus.FAILED, { error: update.Error });
    }
    return;
  }
  const now = runtime.clock.date();
  const id = update.Id as string;
  let record: OperationRecord | undefined = runtime.state.operation(exec, id);
  if (record === undefined) {
    record = {
      op: { Id: id, Type: update.Type, StartTimestamp: now, Status: OperationStatus.STARTED },
    };
    if (update.ParentId != null) record.op.ParentId = update.ParentId;
    if (update.Name != null) record.op.Name = update.Name;
    if (update.SubType != null) record.op.SubType = update.SubType;
  }
  const applier = APPLIERS[update.Type as string];
  if (applier === undefined) {
    throw new Error(
      `No applier for operation type ${String(update.Type)}; validation should have rejected it.`,
    );
  }
  runtime.state.saveOperation(exec, record);
  applier(runtime, exec, record, update, now, effects);
  runtime.changed(exec, record, false);
}
