import { OperationAction, OperationStatus } from "../constants.js";
import { invalid, type TransitionRule } from "./rules.js";

/**
 * WAIT, CALLBACK and CHAINED_INVOKE: started once (the service completes them), cancelled only
 * while STARTED.
 */
export const validateStartedOnceTransition: TransitionRule = (update, current, where) => {
  const status = current?.Status;
  if (update.Action === OperationAction.START) {
    if (current !== undefined) {
      throw invalid(
        `Cannot start a ${update.Type} that already exists. ${where}: it is already ${status}; ` +
          `read its state instead of starting it again.`,
      );
    }
    return;
  }
  if (current === undefined || current.Status !== OperationStatus.STARTED) {
    throw invalid(
      `Cannot cancel a ${update.Type} that does not exist or has already completed. ${where}: the operation is ` +
        `${status ?? "absent"}; only a STARTED ${update.Type} can be cancelled.`,
    );
  }
};
