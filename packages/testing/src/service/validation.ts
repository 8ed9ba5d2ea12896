import type { ErrorObject, OperationUpdate } from "@aws-sdk/client-lambda";
import { DurableServiceError, ServiceErrorCode } from "../errors/service-errors.js";
import { OperationAction, OperationStatus, OperationType, ServiceLimits } from "./constants.js";

// The checkpoint rules of the Lambda durable service: valid actions per operation type, at most
// one EXECUTION update per request and last, parents that exist, legal status transitions. Each
// failed rule throws InvalidParameterValueException; the first sentence of each message is the
// service's own wording, the rest says why and what to do.

/** What validation needs to know about an operation that already exists. */
export interface OperationStateView {
  readonly Type: string;
  readonly Status: string;
}

type Action = (typeof OperationAction)[keyof typeof OperationAction];
type Type = (typeof OperationType)[keyof typeof OperationType];

const VALID_ACTIONS: Readonly<Record<Type, ReadonlySet<string>>> = {
  STEP: new Set([
    OperationAction.START,
    OperationAction.SUCCEED,
    OperationAction.FAIL,
    OperationAction.RETRY,
  ]),
  CONTEXT: new Set([OperationAction.START, OperationAction.SUCCEED, OperationAction.FAIL]),
  WAIT: new Set([OperationAction.START, OperationAction.CANCEL]),
  CALLBACK: new Set([OperationAction.START, OperationAction.CANCEL]),
  CHAINED_INVOKE: new Set([OperationAction.START, OperationAction.CANCEL]),
  EXECUTION: new Set([OperationAction.SUCCEED, OperationAction.FAIL]),
};

/** STEP statuses from which each action is allowed (an absent step allows every action). */
const STEP_ALLOWED_FROM = {
  // A retry that came due: the next attempt of an at-most-once step starts from READY.
  START: new Set<string>([OperationStatus.READY]),
  // STARTED: closing an at-most-once attempt; READY: closing a later at-least-once attempt.
  CLOSE: new Set<string>([OperationStatus.STARTED, OperationStatus.READY]),
  RETRY: new Set<string>([OperationStatus.STARTED, OperationStatus.READY]),
} as const;

const STATUS_AFTER: Readonly<Record<Type, Partial<Record<Action, string>>>> = {
  STEP: {
    START: OperationStatus.STARTED,
    SUCCEED: OperationStatus.SUCCEEDED,
    FAIL: OperationStatus.FAILED,
    RETRY: OperationStatus.PENDING,
  },
  CONTEXT: {
    START: OperationStatus.STARTED,
    SUCCEED: OperationStatus.SUCCEEDED,
    FAIL: OperationStatus.FAILED,
  },
  WAIT: { START: OperationStatus.STARTED, CANCEL: OperationStatus.CANCELLED },
  CALLBACK: { START: OperationStatus.STARTED, CANCEL: OperationStatus.CANCELLED },
  CHAINED_INVOKE: { START: OperationStatus.STARTED, CANCEL: OperationStatus.STOPPED },
  EXECUTION: { SUCCEED: OperationStatus.SUCCEEDED, FAIL: OperationStatus.FAILED },
};

function invalid(message: string): DurableServiceError {
  return new DurableServiceError(ServiceErrorCode.InvalidParameterValue, message);
}

function isType(value: unknown): value is Type {
  return typeof value === "string" && Object.hasOwn(VALID_ACTIONS, value);
}

function describe(update: OperationUpdate, index: number): string {
  const name = update.Name === undefined ? "" : ` "${update.Name}"`;
  return `update ${index} (${String(update.Type)} ${String(update.Action)}${name}, Id ${String(update.Id)})`;
}

/** UTF-8 size of a string. */
export function byteLength(text: string): number {
  return Buffer.byteLength(text, "utf8");
}

/** Combined size of an ErrorObject's fields, the quantity the service limits. */
export function errorObjectBytes(error: ErrorObject): number {
  let total = 0;
  if (typeof error.ErrorMessage === "string") total += byteLength(error.ErrorMessage);
  if (typeof error.ErrorType === "string") total += byteLength(error.ErrorType);
  if (typeof error.ErrorData === "string") total += byteLength(error.ErrorData);
  if (Array.isArray(error.StackTrace)) {
    for (const line of error.StackTrace) if (typeof line === "string") total += byteLength(line);
  }
  return total;
}

/**
 * Validates an `ErrorObject` sent by a caller (checkpoint, callback failure, stop).
 * @param where - what carried it, for the message.
 */
export function validateErrorObject(error: unknown, where: string): void {
  if (error === undefined || error === null) return;
  if (typeof error !== "object" || Array.isArray(error)) {
    throw invalid(
      `${where}: Error must be an ErrorObject ({ErrorType, ErrorMessage, ErrorData, StackTrace}).`,
    );
  }
  const candidate = error as Record<string, unknown>;
  for (const field of ["ErrorMessage", "ErrorType", "ErrorData"] as const) {
    if (candidate[field] !== undefined && candidate[field] !== null && typeof candidate[field] !== "string") {
      throw invalid(`${where}: Error.${field} must be a string.`);
    }
  }
  if (
    candidate.StackTrace !== undefined &&
    candidate.StackTrace !== null &&
    (!Array.isArray(candidate.StackTrace) || candidate.StackTrace.some((line) => typeof line !== "string"))
  ) {
    throw invalid(`${where}: Error.StackTrace must be an array of strings.`);
  }
  const size = errorObjectBytes(candidate as ErrorObject);
  if (size > ServiceLimits.errorObjectBytes) {
    throw invalid(
      `${where}: the combined size of the Error fields is ${size} bytes, over the limit of ` +
        `${ServiceLimits.errorObjectBytes} bytes. Shorten the message or data, or leave out the stack trace.`,
    );
  }
}

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
function validateUpdateShape(
  update: OperationUpdate,
  index: number,
): asserts update is OperationUpdate & {
  Id: string;
  Type: Type;
  Action: Action;
} {
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
      `Unknown operation type. ${describe(update, index)} has Type ${JSON.stringify(update.Type)}; ` +
        `use one of ${Object.keys(VALID_ACTIONS).join(", ")}.`,
    );
  }
  if (typeof update.Action !== "string" || !VALID_ACTIONS[update.Type].has(update.Action)) {
    throw invalid(
      `Invalid action for the given operation type. ${describe(update, index)}: a ${update.Type} accepts ` +
        `${[...VALID_ACTIONS[update.Type]].join(", ")}.`,
    );
  }
  for (const field of ["ParentId", "Name", "SubType", "Payload"] as const) {
    if (update[field] !== undefined && update[field] !== null && typeof update[field] !== "string") {
      throw invalid(`${describe(update, index)}: ${field} must be a string.`);
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
        `Payload size exceeds the maximum. ${describe(update, index)} carries ${size} bytes; a ${update.Type} ` +
          `payload can be at most ${limit} bytes. Store large data elsewhere (for example S3) and checkpoint a reference.`,
      );
    }
  }
  validateErrorObject(update.Error, describe(update, index));
  const where = describe(update, index);
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

/** Validates one update against the operation's current (or in-request) state. */
function validateTransition(
  update: OperationUpdate & { Id: string; Type: Type; Action: Action },
  current: OperationStateView | undefined,
  index: number,
): void {
  const where = describe(update, index);
  if (current !== undefined && update.Type !== OperationType.EXECUTION && current.Type !== update.Type) {
    throw invalid(
      `Operation type mismatch. ${where} targets an existing ${current.Type} operation; an operation's Type never changes. ` +
        `Check that operation ids are deterministic across replays.`,
    );
  }
  const action = update.Action;
  const status = current?.Status;
  const payloadOnFail = () =>
    invalid(
      `Cannot provide a Payload for FAIL action. ${where} carries a Payload; send the failure in Error.`,
    );
  const errorOnSucceed = () =>
    invalid(
      `Cannot provide an Error for SUCCEED action. ${where} carries an Error; send the result in Payload.`,
    );

  switch (update.Type) {
    case OperationType.STEP:
      if (action === OperationAction.START) {
        if (current !== undefined && !STEP_ALLOWED_FROM.START.has(current.Status)) {
          throw invalid(
            `Invalid current STEP state to start. ${where}: the step is ${status}; a STEP can be started only when it ` +
              `is new or READY (its retry delay has passed).`,
          );
        }
      } else if (action === OperationAction.SUCCEED || action === OperationAction.FAIL) {
        if (current !== undefined && !STEP_ALLOWED_FROM.CLOSE.has(current.Status)) {
          throw invalid(
            `Invalid current STEP state to close. ${where}: the step is ${status}; a STEP can succeed or fail only ` +
              `when it is new, STARTED or READY.`,
          );
        }
        if (action === OperationAction.FAIL && update.Payload != null) throw payloadOnFail();
        if (action === OperationAction.SUCCEED && update.Error != null) throw errorOnSucceed();
      } else if (action === OperationAction.RETRY) {
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
      }
      return;
    case OperationType.CONTEXT:
      if (action === OperationAction.START) {
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
      if (action === OperationAction.FAIL && update.Payload != null) throw payloadOnFail();
      if (action === OperationAction.SUCCEED && update.Error != null) throw errorOnSucceed();
      return;
    case OperationType.WAIT:
    case OperationType.CALLBACK:
    case OperationType.CHAINED_INVOKE:
      if (action === OperationAction.START) {
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
      return;
    case OperationType.EXECUTION:
      if (action === OperationAction.FAIL && update.Payload != null) throw payloadOnFail();
      if (action === OperationAction.SUCCEED && update.Error != null) throw errorOnSucceed();
      return;
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

  // State as it will be after the earlier updates of this request.
  const inRequest = new Map<string, OperationStateView>();
  const lastAction = new Map<string, { Type: string; Action: string }>();
  const view = (id: string) => inRequest.get(id) ?? lookup(id);

  updates.forEach((update, index) => {
    validateUpdateShape(update, index);
    const id = update.Type === OperationType.EXECUTION ? executionOperationId : update.Id;

    const previous = lastAction.get(id);
    if (previous !== undefined) {
      const allowed =
        (previous.Type === OperationType.STEP || previous.Type === OperationType.CONTEXT) &&
        previous.Action === OperationAction.START &&
        update.Action !== OperationAction.START;
      if (!allowed) {
        throw invalid(
          `Cannot update the same operation twice in a single request. ${describe(update, index)} follows a ` +
            `${previous.Type} ${previous.Action} of the same Id; only a STEP or CONTEXT START followed by one ` +
            `non-START update may share a request.`,
        );
      }
    }

    if (update.ParentId != null) {
      const parent = view(update.ParentId);
      if (parent === undefined || parent.Type !== OperationType.CONTEXT) {
        throw invalid(
          `Invalid parent operation id. ${describe(update, index)} names ParentId ${update.ParentId}, which is ` +
            `${parent === undefined ? "not a known operation" : `a ${parent.Type}`}; a parent must be a CONTEXT ` +
            `that exists or is started earlier in the same request.`,
        );
      }
    }

    const current = view(id);
    validateTransition(update, current, index);
    lastAction.set(id, { Type: update.Type, Action: update.Action });
    const next = STATUS_AFTER[update.Type][update.Action];
    if (next !== undefined) inRequest.set(id, { Type: update.Type, Status: next });
  });
}
