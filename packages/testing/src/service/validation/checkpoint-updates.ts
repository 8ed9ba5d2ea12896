import type { OperationUpdate } from "@aws-sdk/client-lambda";
import { OperationAction, OperationType } from "../constants.js";
import { validateContextTransition } from "./context.js";
import {
  checkOutcomeFields,
  describeUpdate,
  invalid,
  type OperationStateView,
  STATUS_AFTER,
  type TransitionRule,
  type Type,
} from "./rules.js";
import { validateStartedOnceTransition } from "./started-once.js";
import { validateStepTransition } from "./step.js";
import { validateUpdateShape } from "./update-shape.js";

/** The transition rule of each operation type. */
const TRANSITION_RULES: Readonly<Record<Type, TransitionRule>> = {
  STEP: validateStepTransition,
  CONTEXT: validateContextTransition,
  WAIT: validateStartedOnceTransition,
  CALLBACK: validateStartedOnceTransition,
  CHAINED_INVOKE: validateStartedOnceTransition,
  EXECUTION: (update, _current, where) => checkOutcomeFields(update, where),
};

function checkExecutionUpdatesLast(updates: readonly OperationUpdate[]): void {
  const executionIndexes: number[] = [];
  updates.forEach((update, index) => {
    if (update?.Type === OperationType.EXECUTION) executionIndexes.push(index);
  });
  if (executionIndexes.length > 1) {
    throw invalid(
      `Cannot checkpoint multiple EXECUTION updates. The request has ${executionIndexes.length} (at indexes ` +
        `${executionIndexes.join(", ")}); send at most one, as the last update.`,
    );
  }
  if (executionIndexes.length === 1 && executionIndexes[0] !== updates.length - 1) {
    throw invalid(
      `EXECUTION checkpoint must be the last update. It is at index ${executionIndexes[0]} of ${updates.length}; ` +
        `move it to the end of the request.`,
    );
  }
}

/**
 * Validates every update of a `CheckpointDurableExecution` request, all or nothing.
 *
 * @param updates - the request's updates, in order.
 * @param lookup - the current state of an existing operation, by id.
 * @param executionOperationId - id of the EXECUTION operation: every EXECUTION update applies to it,
 *   whatever its `Id` (the large-result path checkpoints with a synthetic id).
 * @throws DurableServiceError `InvalidParameterValueException` naming the first broken rule.
 */
export function validateCheckpointUpdates(
  updates: readonly OperationUpdate[],
  lookup: (id: string) => OperationStateView | undefined,
  executionOperationId: string,
): void {
  checkExecutionUpdatesLast(updates);
  // State as it will be after the earlier updates of this request.
  const inRequest = new Map<string, OperationStateView>();
  const lastAction = new Map<string, { Type: string; Action: string }>();
  const view = (id: string) => inRequest.get(id) ?? lookup(id);

  updates.forEach((update, index) => {
    validateUpdateShape(update, index);
    const where = describeUpdate(update, index);
    const id = update.Type === OperationType.EXECUTION ? executionOperationId : update.Id;
    const previous = lastAction.get(id);
    if (previous !== undefined) {
      const allowed =
        (previous.Type === OperationType.STEP || previous.Type === OperationType.CONTEXT) &&
        previous.Action === OperationAction.START &&
        update.Action !== OperationAction.START;
      if (!allowed) {
        throw invalid(
          `Cannot update the same operation twice in a single request. ${where} follows a ` +
            `${previous.Type} ${previous.Action} of the same Id; only a STEP or CONTEXT START followed by one ` +
            `non-START update may share a request.`,
        );
      }
    }
    if (update.ParentId != null) {
      const parent = view(update.ParentId);
      if (parent === undefined || parent.Type !== OperationType.CONTEXT) {
        throw invalid(
          `Invalid parent operation id. ${where} names ParentId ${update.ParentId}, which is ` +
            `${parent === undefined ? "not a known operation" : `a ${parent.Type}`}; a parent must be a CONTEXT ` +
            `that exists or is started earlier in the same request.`,
        );
      }
    }
    const current = view(id);
    if (current !== undefined && update.Type !== OperationType.EXECUTION && current.Type !== update.Type) {
      throw invalid(
        `Operation type mismatch. ${where} targets an existing ${current.Type} operation; an operation's Type never changes. ` +
          `Check that operation ids are deterministic across replays.`,
      );
    }
    TRANSITION_RULES[update.Type](update, current, where);
    lastAction.set(id, { Type: update.Type, Action: update.Action });
    const next = STATUS_AFTER[update.Type][update.Action];
    if (next !== undefined) inRequest.set(id, { Type: update.Type, Status: next });
  });
}
