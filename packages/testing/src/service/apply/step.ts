import { EventType, MS_PER_SECOND, OperationAction, OperationStatus } from "../constants.js";
import { errorOf, payloadOf } from "../history.js";
import type { UpdateApplier } from "./applier.js";

/**
 * STEP (steps and waitForCondition): START records `StepStarted`; SUCCEED/FAIL end it with the
 * attempt count; RETRY makes it PENDING until `NextAttemptDelaySeconds` pass, recording the failed
 * attempt (`StepFailed`) or the condition's state (`StepSucceeded`).
 */
export const applyStep: UpdateApplier = (runtime, exec, record, update, now) => {
  const { state } = runtime;
  const op = record.op;
  const id = op.Id as string;
  const attemptsSoFar = op.StepDetails?.Attempt ?? 0;
  switch (update.Action) {
    case OperationAction.START:
      op.Status = OperationStatus.STARTED;
      state.clearTimer(exec, "retry", id);
      state.appendEvent(exec, EventType.StepStarted, now, op, {});
      return;
    case OperationAction.SUCCEED:
    case OperationAction.FAIL: {
      const succeeded = update.Action === OperationAction.SUCCEED;
      op.Status = succeeded ? OperationStatus.SUCCEEDED : OperationStatus.FAILED;
      op.EndTimestamp = now;
      op.StepDetails = { Attempt: attemptsSoFar + 1 };
      if (succeeded && update.Payload != null) op.StepDetails.Result = update.Payload;
      if (!succeeded && update.Error != null) op.StepDetails.Error = update.Error;
      state.clearTimer(exec, "retry", id);
      const retryDetails = { CurrentAttempt: attemptsSoFar + 1 };
      if (succeeded) {
        state.appendEvent(exec, EventType.StepSucceeded, now, op, {
          Result: payloadOf(update.Payload ?? undefined),
          RetryDetails: retryDetails,
        });
      } else {
        state.appendEvent(exec, EventType.StepFailed, now, op, {
          Error: errorOf(update.Error ?? undefined),
          RetryDetails: retryDetails,
        });
      }
      return;
    }
    case OperationAction.RETRY: {
      const delaySeconds = update.StepOptions?.NextAttemptDelaySeconds ?? 0;
      const nextAttempt = new Date(now.getTime() + delaySeconds * MS_PER_SECOND);
      op.Status = OperationStatus.PENDING;
      op.StepDetails = { Attempt: attemptsSoFar + 1, NextAttemptTimestamp: nextAttempt };
      if (update.Payload != null) op.StepDetails.Result = update.Payload;
      if (update.Error != null) op.StepDetails.Error = update.Error;
      state.setTimer(exec, "retry", id, nextAttempt.getTime());
      const retryDetails = { CurrentAttempt: attemptsSoFar + 1, NextAttemptDelaySeconds: delaySeconds };
      if (update.Error != null) {
        state.appendEvent(exec, EventType.StepFailed, now, op, {
          Error: errorOf(update.Error),
          RetryDetails: retryDetails,
        });
      } else {
        state.appendEvent(exec, EventType.StepSucceeded, now, op, {
          Result: payloadOf(update.Payload ?? undefined),
          RetryDetails: retryDetails,
        });
      }
      return;
    }
  }
};
