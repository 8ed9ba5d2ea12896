import { OperationAction, OperationStatus } from "../constants.js";
import { checkOutcomeFields, invalid, type TransitionRule } from "./rules.js";

/** STEP statuses from which each action is allowed (an absent step allows every action). */
const STEP_ALLOWED_FROM = {
  // A retry that came due: the next attempt of an at-most-once step starts from READY.
  START: new Set<string>([OperationStatus.READY]),
  // STARTED: closing an at-most-once attempt; READY: closing a later at-least-once attempt.
  CLOSE: new Set<string>([OperationStatus.STARTED, OperationStatus.READY]),
  RETRY: new Set<string>([OperationStatus.STARTED, OperationStatus.READY]),
} as const;

/** STEP: START when new or READY; SUCCEED/FAIL/RETRY when new, STARTED or READY; RETRY needs StepOptions. */
export const validateStepTransition: TransitionRule = (update, current, where) => {
  const status = current?.Status;
  switch (update.Action) {
    case OperationAction.START:
      if (current !== undefined && !STEP_ALLOWED_FROM.START.has(current.Status)) {
        throw invalid(
          `Invalid current STEP state to start. ${where}: the step is ${status}; a STEP can be started only when it ` +
            `is new or READY (its retry delay has passed).`,
        );
      }
      return;
    case OperationAction.SUCCEED:
    case OperationAction.FAIL:
      if (current !== undefined && !STEP_ALLOWED_FROM.CLOSE.has(current.Status)) {
        throw invalid(
          `Invalid current STEP state to close. ${where}: the step is ${status}; a STEP can succeed or fail only ` +
            `when it is new, STARTED or READY.`,
        );
      }
      checkOutcomeFields(update, where);
      return;
    case OperationAction.RETRY:
      if (current !== undefined && !STEP_ALLOWED_FROM.RETRY.has(current.Status)) {
        throw invalid(
          `Invalid current STEP state to re-attempt. ${where}: the step is ${status}; a STEP can be retried only ` +
            `when it is new, STARTED or READY.`,
        );
      }
      if (update.StepOptions == null) {
        throw invalid(
          `Invalid StepOptions for the given action. ${where}: RETRY needs StepOptions with NextAttemptDelaySeconds.`,
        );
      }
      if (update.Error != null && update.Payload != null) {
        throw invalid(
          `Cannot provide both error and payload to RETRY a STEP. ${where}: send Error for a failed attempt, or ` +
            `Payload for a waitForCondition state, not both.`,
        );
      }
      return;
  }
};
