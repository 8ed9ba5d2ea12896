import { OperationAction, OperationStatus } from "../constants.js";
import { checkOutcomeFields, invalid, type TransitionRule } from "./rules.js";

/** CONTEXT: START only when new; SUCCEED/FAIL only once, while STARTED. */
export const validateContextTransition: TransitionRule = (update, current, where) => {
  const status = current?.Status;
  if (update.Action === OperationAction.START) {
    if (current !== undefined) {
      throw invalid(
        `Cannot start a CONTEXT that already exists. ${where}: the context is already ${status}.`,
      );
    }
    return;
  }
  if (current !== undefined && current.Status !== OperationStatus.STARTED) {
    throw invalid(
      `Invalid current CONTEXT state to close. ${where}: the context is ${status}; a CONTEXT can succeed or ` +
        `fail only once, while it is STARTED.`,
    );
  }
  checkOutcomeFields(update, where);
};
