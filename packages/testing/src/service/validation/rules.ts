import type { OperationUpdate } from "@aws-sdk/client-lambda";
import { DurableServiceError, ServiceErrorCode } from "../../errors/service-errors.js";
import { OperationAction, OperationStatus, type OperationType } from "../constants.js";

// The checkpoint rules of the Lambda durable service. Each failed rule throws
// InvalidParameterValueException; the first sentence of each message is the service's own
// wording, the rest says why and what to do.

/** What validation needs to know about an operation that already exists. */
export interface OperationStateView {
  readonly Type: string;
  readonly Status: string;
}

export type Action = (typeof OperationAction)[keyof typeof OperationAction];
export type Type = (typeof OperationType)[keyof typeof OperationType];

/** An update whose shape has been checked. */
export type CheckedUpdate = OperationUpdate & { Id: string; Type: Type; Action: Action };

/** The actions each operation type accepts. */
export const VALID_ACTIONS: Readonly<Record<Type, ReadonlySet<string>>> = {
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

/** The status an operation has after each action. */
export const STATUS_AFTER: Readonly<Record<Type, Partial<Record<Action, string>>>> = {
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

/** `InvalidParameterValueException` with the given message. */
export function invalid(message: string): DurableServiceError {
  return new DurableServiceError(ServiceErrorCode.InvalidParameterValue, message);
}

export function isType(value: unknown): value is Type {
  return typeof value === "string" && Object.hasOwn(VALID_ACTIONS, value);
}

/** How messages name an update: index, type, action, name and id. */
export function describeUpdate(update: OperationUpdate, index: number): string {
  const name = update.Name === undefined ? "" : ` "${update.Name}"`;
  return `update ${index} (${String(update.Type)} ${String(update.Action)}${name}, Id ${String(update.Id)})`;
}

/** Neither a Payload on FAIL nor an Error on SUCCEED. */
export function checkOutcomeFields(update: CheckedUpdate, where: string): void {
  if (update.Action === OperationAction.FAIL && update.Payload != null) {
    throw invalid(
      `Cannot provide a Payload for FAIL action. ${where} carries a Payload; send the failure in Error.`,
    );
  }
  if (update.Action === OperationAction.SUCCEED && update.Error != null) {
    throw invalid(
      `Cannot provide an Error for SUCCEED action. ${where} carries an Error; send the result in Payload.`,
    );
  }
}

/** How one operation type checks an update against the operation's current state. */
export type TransitionRule = (
  update: CheckedUpdate,
  current: OperationStateView | undefined,
  where: string,
) => void;
