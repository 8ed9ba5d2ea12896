import type { ErrorObject, Operation } from "@aws-sdk/client-lambda";

/**
 * What an operation holds, with its result parsed: the result or state JSON becomes a value (the
 * raw text when it is not JSON), whatever the operation type.
 *
 * @example
 * ```ts
 * const charge = result.getOperationDetails<{ id: string }>("charge");
 * charge?.result?.id; // parsed, not the raw JSON text
 * ```
 */
export interface OperationDetails<TResult = unknown> {
  id: string;
  name: string | undefined;
  type: string;
  subType: string | undefined;
  status: string;
  parentId: string | undefined;
  /** The result (a step's or waitForCondition's state, a context's, a callback's, an invoke's), parsed. */
  result: TResult | undefined;
  /** The result as the service stores it. */
  rawResult: string | undefined;
  error: ErrorObject | undefined;
  startTimestamp: Date | undefined;
  endTimestamp: Date | undefined;
  /** STEP: attempts made so far. */
  attempt?: number;
  /** STEP: when a scheduled retry is due. */
  nextAttemptTimestamp?: Date;
  /** CALLBACK: the id to answer it with. */
  callbackId?: string;
  /** WAIT: when it ends. */
  scheduledEndTimestamp?: Date;
}

/** JSON text parsed; the text itself when it is not JSON; undefined for no text. */
export function parseResult<T>(raw: string | undefined): T | undefined {
  if (raw === undefined || raw === "") return undefined;
  try {
    return JSON.parse(raw) as T;
  } catch {
    return raw as T;
  }
}

/** The {@link OperationDetails} of an operation as the API returns it. */
export function detailsOf<TResult = unknown>(operation: Operation): OperationDetails<TResult> {
  const raw =
    operation.StepDetails?.Result ??
    operation.ContextDetails?.Result ??
    operation.CallbackDetails?.Result ??
    operation.ChainedInvokeDetails?.Result;
  const details: OperationDetails<TResult> = {
    id: operation.Id as string,
    name: operation.Name,
    type: operation.Type as string,
    subType: operation.SubType,
    status: operation.Status as string,
    parentId: operation.ParentId,
    result: parseResult<TResult>(raw),
    rawResult: raw,
    error:
      operation.StepDetails?.Error ??
      operation.ContextDetails?.Error ??
      operation.CallbackDetails?.Error ??
      operation.ChainedInvokeDetails?.Error,
    startTimestamp: operation.StartTimestamp,
    endTimestamp: operation.EndTimestamp,
  };
  if (operation.StepDetails?.Attempt !== undefined) details.attempt = operation.StepDetails.Attempt;
  if (operation.StepDetails?.NextAttemptTimestamp !== undefined) {
    details.nextAttemptTimestamp = operation.StepDetails.NextAttemptTimestamp;
  }
  if (operation.CallbackDetails?.CallbackId !== undefined)
    details.callbackId = operation.CallbackDetails.CallbackId;
  if (operation.WaitDetails?.ScheduledEndTimestamp !== undefined) {
    details.scheduledEndTimestamp = operation.WaitDetails.ScheduledEndTimestamp;
  }
  return details;
}
