import { EventType, OperationAction, OperationStatus } from "../constants.js";
import { errorOf, payloadOf } from "../history.js";
import type { UpdateApplier } from "./applier.js";

/**
 * CONTEXT (child contexts, map, parallel, waitForCallback): START records `ContextStarted`;
 * SUCCEED/FAIL end it with its result or error, keeping whether its children replay.
 */
export const applyContext: UpdateApplier = (runtime, exec, record, update, now) => {
  const { state } = runtime;
  const op = record.op;
  const replayChildren = update.ContextOptions?.ReplayChildren ?? op.ContextDetails?.ReplayChildren;
  op.ContextDetails = replayChildren === undefined ? {} : { ReplayChildren: replayChildren };
  switch (update.Action) {
    case OperationAction.START:
      op.Status = OperationStatus.STARTED;
      state.appendEvent(exec, EventType.ContextStarted, now, op, {});
      return;
    case OperationAction.SUCCEED:
      op.Status = OperationStatus.SUCCEEDED;
      op.EndTimestamp = now;
      if (update.Payload != null) op.ContextDetails.Result = update.Payload;
      state.appendEvent(exec, EventType.ContextSucceeded, now, op, {
        Result: payloadOf(update.Payload ?? undefined),
      });
      return;
    case OperationAction.FAIL:
      op.Status = OperationStatus.FAILED;
      op.EndTimestamp = now;
      if (update.Error != null) op.ContextDetails.Error = update.Error;
      state.appendEvent(exec, EventType.ContextFailed, now, op, {
        Error: errorOf(update.Error ?? undefined),
      });
      return;
  }
};
