import { EventType, MS_PER_SECOND, OperationAction, OperationStatus } from "../constants.js";
import { createCallbackId } from "../tokens.js";
import type { UpdateApplier } from "./applier.js";

/**
 * CALLBACK: START issues the callback id and arms its timeout and heartbeat timers
 * (`CallbackStarted`); CANCEL closes it (the API has no event for that).
 */
export const applyCallback: UpdateApplier = (runtime, exec, record, update, now) => {
  const { state } = runtime;
  const op = record.op;
  const id = op.Id as string;
  if (update.Action === OperationAction.START) {
    const timeout = update.CallbackOptions?.TimeoutSeconds ?? 0;
    const heartbeat = update.CallbackOptions?.HeartbeatTimeoutSeconds ?? 0;
    const callbackId = createCallbackId(exec.id, id);
    op.Status = OperationStatus.STARTED;
    op.CallbackDetails = { CallbackId: callbackId };
    record.heartbeatSeconds = heartbeat;
    state.putCallback(callbackId, { executionId: exec.id, operationId: id });
    if (timeout > 0) state.setTimer(exec, "callbackTimeout", id, now.getTime() + timeout * MS_PER_SECOND);
    if (heartbeat > 0)
      state.setTimer(exec, "callbackHeartbeat", id, now.getTime() + heartbeat * MS_PER_SECOND);
    state.appendEvent(exec, EventType.CallbackStarted, now, op, {
      CallbackId: callbackId,
      ...(timeout > 0 ? { Timeout: timeout } : {}),
      ...(heartbeat > 0 ? { HeartbeatTimeout: heartbeat } : {}),
    });
    return;
  }
  op.Status = OperationStatus.CANCELLED;
  op.EndTimestamp = now;
  state.clearTimer(exec, "callbackTimeout", id);
  state.clearTimer(exec, "callbackHeartbeat", id);
};
