import type { OperationUpdate } from "@aws-sdk/client-lambda";
import { OperationAction, OperationType, ServiceLimits } from "../constants.js";
import { byteLength, validateErrorObject } from "./error-object.js";
import { type CheckedUpdate, describeUpdate, invalid, isType, VALID_ACTIONS } from "./rules.js";

function validateSeconds(value: unknown, field: string, min: number, where: string, required: boolean): void {
  if (value === undefined || value === null) {
    if (required) throw invalid(`${where}: ${field} is required.`);
    return;
  }
  if (
    typeof value !== "number" ||
    !Number.isInteger(value) ||
    value < min ||
    value > ServiceLimits.maxDurationSeconds
  ) {
    throw invalid(
      `${where}: ${field} must be a whole number of seconds from ${min} to ${ServiceLimits.maxDurationSeconds}; ` +
        `got ${JSON.stringify(value)}. Round durations to whole seconds before checkpointing.`,
    );
  }
}

/** Validates the shape and size of one update, independent of state. */
export function validateUpdateShape(update: OperationUpdate, index: number): asserts update is CheckedUpdate {
  if (typeof update !== "object" || update === null) {
    throw invalid(`Operation update at index ${index} must be an object.`);
  }
  if (typeof update.Id !== "string" || update.Id.length === 0) {
    throw invalid(
      `Operation update must have an Id. Update ${index} has none; give every update the operation's Id.`,
    );
  }
  if (!isType(update.Type)) {
    throw invalid(
      `Unknown operation type. ${describeUpdate(update, index)} has Type ${JSON.stringify(update.Type)}; ` +
        `use one of ${Object.keys(VALID_ACTIONS).join(", ")}.`,
    );
  }
  if (typeof update.Action !== "string" || !VALID_ACTIONS[update.Type].has(update.Action)) {
    throw invalid(
      `Invalid action for the given operation type. ${describeUpdate(update, index)}: a ${update.Type} accepts ` +
        `${[...VALID_ACTIONS[update.Type]].join(", ")}.`,
    );
  }
  for (const field of ["ParentId", "Name", "SubType", "Payload"] as const) {
    if (update[field] !== undefined && update[field] !== null && typeof update[field] !== "string") {
      throw invalid(`${describeUpdate(update, index)}: ${field} must be a string.`);
    }
  }
  if (typeof update.Payload === "string") {
    const limit =
      update.Type === OperationType.EXECUTION
        ? ServiceLimits.executionPayloadBytes
        : ServiceLimits.operationPayloadBytes;
    const size = byteLength(update.Payload);
    if (size > limit) {
      throw invalid(
        `Payload size exceeds the maximum. ${describeUpdate(update, index)} carries ${size} bytes; a ${update.Type} ` +
          `payload can be at most ${limit} bytes. Store large data elsewhere (for example S3) and checkpoint a reference.`,
      );
    }
  }
  validateErrorObject(update.Error, describeUpdate(update, index));
  const where = describeUpdate(update, index);
  if (update.Action === OperationAction.START) {
    switch (update.Type) {
      case OperationType.WAIT:
        validateSeconds(
          update.WaitOptions?.WaitSeconds,
          "WaitOptions.WaitSeconds",
          ServiceLimits.minWaitSeconds,
          where,
          true,
        );
        break;
      case OperationType.CALLBACK:
        validateSeconds(
          update.CallbackOptions?.TimeoutSeconds,
          "CallbackOptions.TimeoutSeconds",
          0,
          where,
          false,
        );
        validateSeconds(
          update.CallbackOptions?.HeartbeatTimeoutSeconds,
          "CallbackOptions.HeartbeatTimeoutSeconds",
          0,
          where,
          false,
        );
        break;
      case OperationType.CHAINED_INVOKE: {
        const functionName = update.ChainedInvokeOptions?.FunctionName;
        if (typeof functionName !== "string" || functionName.length === 0) {
          throw invalid(
            `${where}: ChainedInvokeOptions.FunctionName is required to start a CHAINED_INVOKE; give the name or ARN of the function to invoke.`,
          );
        }
        break;
      }
    }
  }
  if (
    update.Type === OperationType.STEP &&
    update.Action === OperationAction.RETRY &&
    update.StepOptions != null
  ) {
    validateSeconds(
      update.StepOptions.NextAttemptDelaySeconds,
      "StepOptions.NextAttemptDelaySeconds",
      0,
      where,
      false,
    );
  }
}
