import { EventType, MS_PER_SECOND, OperationAction, OperationStatus, ServiceLimits } from "../constants.js";
import { errorOf } from "../history.js";
import type { UpdateApplier } from "./applier.js";

/**
 * WAIT: START schedules its end (`WaitStarted`; the timer completes it with `WaitSucceeded`);
 * CANCEL ends it at once (`WaitCancelled`).
 */
export const applyWait: UpdateApplier = (runtime, exec, record, update, now) => {
  const { state } = runtime;
  const op = record.op;
  const id = op.Id as string;
  if (update.Action === OperationAction.START) {
    const seconds = update.WaitOptions?.WaitSeconds ?? ServiceLimits.minWaitSeconds;
    const end = new Date(now.getTime() + seconds * MS_PER_SECOND);
    record.waitSeconds = seconds;
    op.Status = OperationStatus.STARTED;
    op.WaitDetails = { ScheduledEndTimestamp: end };
    state.setTimer(exec, "wait", id, end.getTime());
    state.appendEvent(exec, EventType.WaitStarted, now, op, {
      Duration: seconds,
      ScheduledEndTimestamp: end,
    });
    return;
  }
  op.Status = OperationStatus.CANCELLED;
  op.EndTimestamp = now;
  state.clearTimer(exec, "wait", id);
  state.appendEvent(
    exec,
    EventType.WaitCancelled,
    now,
    op,
    update.Error == null ? {} : { Error: errorOf(update.Error) },
  );
};
